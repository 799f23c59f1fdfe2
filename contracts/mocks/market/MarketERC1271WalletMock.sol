// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MarketERC1271WalletMock
/// @notice A contract wallet: accepts a digest signed by its owner's key (ERC-1271) while `accepting`, and runs
/// calls for its owner (to approve tokens).
contract MarketERC1271WalletMock is IERC1271 {
    error MarketERC1271WalletMockNotOwner(address caller);

    address public immutable owner;
    bool public accepting = true;

    constructor(address owner_) {
        owner = owner_;
    }

    /// @notice Stops (or resumes) accepting signatures: an ERC-1271 signature can be revoked.
    function setAccepting(bool accepting_) external {
        if (msg.sender != owner) revert MarketERC1271WalletMockNotOwner(msg.sender);
        accepting = accepting_;
    }

    /// @notice Runs a call as the wallet (owner only).
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        if (msg.sender != owner) revert MarketERC1271WalletMockNotOwner(msg.sender);
        return Address.functionCall(target, data);
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(hash, signature);
        if (accepting && err == ECDSA.RecoverError.NoError && recovered == owner) return IERC1271.isValidSignature.selector;
        return 0xffffffff;
    }
}
