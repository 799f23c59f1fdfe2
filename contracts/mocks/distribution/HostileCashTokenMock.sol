// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title HostileCashTokenMock
/// @notice A cash token that misbehaves on demand: it can call back into a target on every outgoing transfer
/// (recording whether the reentry succeeded), and it can refuse transfers to blocklisted wallets.
contract HostileCashTokenMock is ERC20 {
    address public reentryTarget;
    bytes public reentryCall;
    bool public reentrySucceeded;
    bytes public reentryError;
    mapping(address wallet => bool) public blocked;

    error HostileCashTokenBlocked(address wallet);

    constructor() ERC20("Hostile Cash", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setReentry(address target, bytes calldata data) external {
        reentryTarget = target;
        reentryCall = data;
    }

    function setBlocked(address wallet, bool isBlocked) external {
        blocked[wallet] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[to]) revert HostileCashTokenBlocked(to);
        super._update(from, to, value);
        if (reentryTarget != address(0) && from == reentryTarget) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory err) = reentryTarget.call(reentryCall);
            reentrySucceeded = ok;
            reentryError = err;
        }
    }
}
