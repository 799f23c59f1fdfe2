// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";

/// @title DistributionShareTokenMock
/// @notice Test double of a security token for distribution tests: the views the Distributor reads
/// (`identityRegistry`, `agentPermissions`, `owner`), ERC-20 Transfer events for every balance move, and an owner-only
/// `recover` that moves a lost wallet's balance like ERC-3643 recovery. No transfer rules.
contract DistributionShareTokenMock is ERC20, Ownable {
    IIdentityRegistry private immutable _registry;
    mapping(address agent => uint16) private _permissions;

    constructor(IIdentityRegistry registry_, address owner_) ERC20("Distribution Test Share", "DTS") Ownable(owner_) {
        _registry = registry_;
    }

    function identityRegistry() external view returns (IIdentityRegistry) {
        return _registry;
    }

    function isAgent(address account) external view returns (bool) {
        return _permissions[account] != 0;
    }

    function agentPermissions(address account) external view returns (uint16) {
        return _permissions[account];
    }

    function setAgentPermissions(address account, uint16 permissions) external onlyOwner {
        _permissions[account] = permissions;
    }

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    function recover(address lostWallet, address newWallet) external onlyOwner {
        _transfer(lostWallet, newWallet, balanceOf(lostWallet));
    }
}
