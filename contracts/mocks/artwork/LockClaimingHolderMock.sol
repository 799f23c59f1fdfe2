// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @title LockClaimingHolderMock
/// @notice A contract holder that answers the fraction vault's `isLocked` with true for everything: a holder must not
/// be able to shield a certificate from its issuer's forced transfer by claiming a lock.
contract LockClaimingHolderMock is IERC721Receiver {
    function isLocked(address, uint256) external pure returns (bool) {
        return true;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return IERC721Receiver.onERC721Received.selector;
    }
}
