// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @title VaultActorMock
/// @notice A contract wallet (buyer or recipient) that forwards calls and, when it receives an ERC-721, calls back
/// into a target (recording whether that reentry succeeded and its revert data). Its `ownerOf` answers the zero
/// address, so allowed as a certificate contract it can call the vault's hook for a certificate nobody sent.
contract VaultActorMock is IERC721Receiver {
    address public reentryTarget;
    bytes public reentryCall;
    bool public reentrySucceeded;
    bytes public reentryError;
    bool public received;

    error VaultActorCallFailed(bytes data);

    function execute(address target, bytes calldata data) external returns (bytes memory) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory result) = target.call(data);
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }

    function ownerOf(uint256) external pure returns (address) {
        return address(0);
    }

    function setReentry(address target, bytes calldata data) external {
        reentryTarget = target;
        reentryCall = data;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        received = true;
        if (reentryTarget != address(0)) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory err) = reentryTarget.call(reentryCall);
            reentrySucceeded = ok;
            reentryError = err;
        }
        return IERC721Receiver.onERC721Received.selector;
    }
}
