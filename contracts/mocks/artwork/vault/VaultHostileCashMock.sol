// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title VaultHostileCashMock
/// @notice A cash token that calls back into a target during any transfer to or from it (recording whether the
/// reentry succeeded and its revert data), and that can refuse transfers to blocklisted wallets.
contract VaultHostileCashMock is ERC20 {
    address public reentryTarget;
    bytes public reentryCall;
    bool public reentryAttempted;
    bool public reentrySucceeded;
    bytes public reentryError;
    mapping(address wallet => bool) public blocked;

    error VaultHostileCashBlocked(address wallet);

    constructor() ERC20("Hostile Cash", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setReentry(address target, bytes calldata data) external {
        reentryTarget = target;
        reentryCall = data;
        reentryAttempted = false;
        reentrySucceeded = false;
        delete reentryError;
    }

    function setBlocked(address wallet, bool isBlocked) external {
        blocked[wallet] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[to]) revert VaultHostileCashBlocked(to);
        super._update(from, to, value);
        address target = reentryTarget;
        if (target != address(0) && (from == target || to == target)) {
            reentryAttempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory err) = target.call(reentryCall);
            reentrySucceeded = ok;
            reentryError = err;
        }
    }
}
