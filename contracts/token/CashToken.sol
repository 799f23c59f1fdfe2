// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title CashToken
/// @notice Demo digital cash (stands in for a stablecoin or a CBDC) for local chains: income distributions and
/// market settlements are paid in it. Deployed only on local chains.
contract CashToken is ERC20, Ownable {
    uint8 private immutable _decimals;

    /// @param owner_ who may mint
    /// @param decimals_ e.g. 6, like most stablecoins
    constructor(address owner_, string memory name_, string memory symbol_, uint8 decimals_)
        ERC20(name_, symbol_)
        Ownable(owner_)
    {
        _decimals = decimals_;
    }

    /// @notice Mints demo cash.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }
}
