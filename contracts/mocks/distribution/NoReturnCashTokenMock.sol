// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title NoReturnCashTokenMock
/// @notice A USDT-style cash token whose `transfer` and `transferFrom` return nothing (not even a bool).
contract NoReturnCashTokenMock {
    mapping(address account => uint256) public balanceOf;
    mapping(address account => mapping(address spender => uint256)) public allowance;

    error NoReturnCashTokenInsufficient();

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
    }

    function transfer(address to, uint256 amount) external {
        _move(msg.sender, to, amount);
    }

    function transferFrom(address from, address to, uint256 amount) external {
        if (allowance[from][msg.sender] < amount) revert NoReturnCashTokenInsufficient();
        allowance[from][msg.sender] -= amount;
        _move(from, to, amount);
    }

    function _move(address from, address to, uint256 amount) private {
        if (balanceOf[from] < amount) revert NoReturnCashTokenInsufficient();
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}
