// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MarketLyingTokenMock
/// @notice A token that lies about transfers once told to: it returns false without moving anything
/// (`ReturnFalse`), or returns true without moving anything (`PretendSuccess`).
contract MarketLyingTokenMock is ERC20 {
    enum Mode {
        Honest,
        ReturnFalse,
        PretendSuccess
    }

    Mode public mode;
    uint8 private immutable _decimals;

    constructor(uint8 decimals_) ERC20("Lying Token", "LIE") {
        _decimals = decimals_;
    }

    /// @notice Mints test tokens.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Chooses how the token answers transfers from now on.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc ERC20
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (mode == Mode.ReturnFalse) return false;
        if (mode == Mode.PretendSuccess) return true;
        return super.transferFrom(from, to, value);
    }
}
