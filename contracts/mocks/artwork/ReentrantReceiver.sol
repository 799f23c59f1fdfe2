// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @title ReentrantReceiver
/// @notice An ERC-721 receiver that, once armed, calls back into a contract from `onERC721Received` and records
/// whether that re-entrant call succeeded and what it returned or reverted with. It can also act as an issuer (any
/// call through `execute`). Test only (checklist F1).
contract ReentrantReceiver is IERC721Receiver {
    address public reentryTarget;
    bytes public payload;
    bool public reentered;
    bool public reentrySucceeded;
    bytes public reentryResult;

    /// @notice The next receipt calls `target_` with `payload_` (once).
    function arm(address target_, bytes calldata payload_) external {
        reentryTarget = target_;
        payload = payload_;
    }

    /// @notice Calls `target_` with `data` as this contract; bubbles a revert up.
    function execute(address target_, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        // solhint-disable-next-line avoid-low-level-calls
        (ok, result) = target_.call(data);
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        address t = reentryTarget;
        if (t != address(0)) {
            reentryTarget = address(0);
            reentered = true;
            // solhint-disable-next-line avoid-low-level-calls
            (reentrySucceeded, reentryResult) = t.call(payload);
        }
        return IERC721Receiver.onERC721Received.selector;
    }
}
