// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title StaticCallBatch
/// @notice Reads many view functions in one `eth_call`: the stateful invariant tests check dozens of views after
/// every command, and one batched call instead of one call per view makes a command ~10x cheaper in-process.
/// Test-only; never deployed by the deploy scripts.
contract StaticCallBatch {
    /// @notice A view in the batch reverted.
    error StaticCallBatchFailed(uint256 index, bytes reason);

    /// @notice Static-calls `targets[i]` with `calls[i]` and returns every result, in order.
    function read(address[] calldata targets, bytes[] calldata calls) external view returns (bytes[] memory results) {
        results = new bytes[](calls.length);
        for (uint256 i; i < calls.length; ++i) {
            (bool ok, bytes memory result) = targets[i].staticcall(calls[i]);
            if (!ok) revert StaticCallBatchFailed(i, result);
            results[i] = result;
        }
    }
}
