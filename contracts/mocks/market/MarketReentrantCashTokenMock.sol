// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MarketReentrantCashTokenMock
/// @notice A hostile cash token (6 decimals): once armed, its next transfer calls `target` with `data` (say
/// `Settlement.fill` of the same order again) and records whether that call succeeded, without reverting itself.
contract MarketReentrantCashTokenMock is ERC20 {
    address private _target;
    bytes private _data;
    bool public reentryAttempted;
    bool public reentrySucceeded;
    bytes public reentryReturnData;

    constructor() ERC20("Reentrant Cash", "RCASH") {}

    /// @notice Mints test cash.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the hook: the next transfer calls `target` with `data` once.
    function arm(address target, bytes calldata data) external {
        _target = target;
        _data = data;
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @dev Calls back into the target during a transfer (not a mint), once per arming.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = _target;
        if (from != address(0) && target != address(0)) {
            _target = address(0);
            reentryAttempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory ret) = target.call(_data);
            reentrySucceeded = ok;
            reentryReturnData = ret;
        }
    }
}
