// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title OutboxTarget
/// @notice Test-only target for the server's transaction outbox: a counter per caller that can be told to revert
///         with a custom error, with Error(string) or with a Panic, and paused by anyone so that a transaction
///         that passed simulation reverts once mined.
/// @dev Never deployed by deploy scripts; the outbox tests deploy it themselves.
contract OutboxTarget {
    /// @notice The call was asked to fail with `code`.
    error OutboxTargetRejected(uint256 code, address caller);
    /// @notice The target is paused.
    error OutboxTargetPaused();

    /// @notice Emitted on every successful `increment`.
    event Incremented(address indexed caller, bytes32 indexed tag);

    uint256 private _count;
    bool private _paused;

    /// @notice Adds one to the counter and tags the call, so tests can tell which write landed.
    /// @param tag Any value, echoed in the event.
    function increment(bytes32 tag) external payable {
        if (_paused) revert OutboxTargetPaused();
        unchecked {
            // A test counter never gets near 2**256.
            ++_count;
        }
        emit Incremented(msg.sender, tag);
    }

    /// @notice Always reverts with the custom error `OutboxTargetRejected(code, msg.sender)`.
    /// @param code Echoed in the error.
    function reject(uint256 code) external view {
        revert OutboxTargetRejected(code, msg.sender);
    }

    /// @notice Always reverts with `Error(reason)`.
    /// @param reason Echoed in the error.
    function rejectWithReason(string calldata reason) external pure {
        // solhint-disable-next-line gas-custom-errors
        require(false, reason);
    }

    /// @notice Reverts with Panic(0x12) (division by zero) when `divisor` is zero.
    /// @param divisor Divides one.
    /// @return quotient One divided by `divisor`.
    function divide(uint256 divisor) external pure returns (uint256 quotient) {
        return 1 / divisor;
    }

    /// @notice Pauses or unpauses `increment` (open to anyone: test-only).
    /// @param paused Whether `increment` reverts.
    function setPaused(bool paused) external {
        _paused = paused;
    }

    /// @notice The number of successful increments.
    /// @return The counter.
    function count() external view returns (uint256) {
        return _count;
    }
}
