// SPDX-License-Identifier: MIT
// Rule events are read in full by indexers, never filtered by value; the ABI structs mirror the arguments, not storage.
// solhint-disable gas-indexed-events, gas-struct-packing
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @title Folio security token: what it adds to ERC-20, ERC-3643, ERC-1404, ERC-7943 and ERC-1643
/// @notice Base ERC-20 failures revert with the ERC-6093 errors (`ERC20InsufficientBalance` and the like), a
/// transfer of frozen tokens with ERC-7943's `ERC7943InsufficientUnfrozenBalance`, every other refusal of a
/// transfer or mint with `SecurityTokenTransferRestricted(code)`.
interface ISecurityToken is IERC20Errors {
    /// @notice A token's compliance settings.
    /// @param countryMode 0 no country rule, 1 only listed countries may receive, 2 listed countries may not receive
    /// @param countries the listed countries (ISO 3166-1 numeric)
    /// @param accreditedOnly recipients must be flagged accredited
    /// @param maxInvestors most investors with a positive balance at once (0: no limit)
    /// @param maxBalance most tokens one investor may hold across its wallets (0: no limit)
    struct Rules {
        uint8 countryMode;
        uint16[] countries;
        bool accreditedOnly;
        uint32 maxInvestors;
        uint256 maxBalance;
    }

    /// @notice A document attached at issuance (ERC-1643).
    struct DocumentInput {
        bytes32 name;
        string uri;
        bytes32 documentHash;
    }

    /// @notice An agent and its permission bits (PERMISSION_* in AgentPermissions).
    struct AgentInput {
        address agent;
        uint16 permissions;
    }

    /// @notice Everything a new token is created with.
    struct TokenConfig {
        string name;
        string symbol;
        uint8 decimals;
        address owner;
        address identityRegistry;
        address onchainID;
        Rules rules;
        DocumentInput[] documents;
        AgentInput[] agents;
    }

    /// @notice Tokens issued under a lock-up: they cannot move before `releaseTime`.
    struct Lockup {
        uint104 amount;
        uint40 releaseTime;
    }

    event AgentPermissionsSet(address indexed agent, uint16 permissions);
    event CountryModeSet(uint8 mode);
    event CountriesListed(uint16[] countries, bool listed);
    event AccreditedOnlySet(bool accreditedOnly);
    event MaxInvestorsSet(uint32 maxInvestors);
    event MaxBalanceSet(uint256 maxBalance);
    event TokensLocked(address indexed wallet, uint256 amount, uint40 releaseTime);
    event LockupsMoved(address indexed fromWallet, address indexed toWallet, uint256 lockedAmount);
    /// @notice `burnInvestor` burned `amount` from the investor's wallets (each wallet's burn also emits Transfer).
    event InvestorBurned(bytes32 indexed investorId, uint256 amount);
    /// @notice `forcedTransferInvestor` moved `amount` from the investor's wallets to `to` (each wallet's move also
    /// emits Transfer and ForcedTransfer).
    event InvestorForcedTransfer(bytes32 indexed investorId, address indexed to, uint256 amount);

    /// @notice A transfer, transferFrom, batch transfer or mint was refused by a rule; `code` is its ERC-1404
    /// restriction code. The codes of base ERC-20 failures and of frozen tokens revert with their standard errors
    /// instead: 2 ERC20InvalidReceiver, 9 ERC20InsufficientAllowance, 10 ERC20InsufficientBalance, 18
    /// ERC20InvalidApprover, 11 ERC7943InsufficientUnfrozenBalance.
    error SecurityTokenTransferRestricted(uint8 code);
    error SecurityTokenMissingPermission(address account, uint16 permission);
    error SecurityTokenInvalidWallet(address wallet);
    error SecurityTokenRecipientNotVerified(address wallet);
    error SecurityTokenSameWallet(address wallet);
    error SecurityTokenNotSameInvestor(address lostWallet, address newWallet);
    error SecurityTokenNothingToRecover(address lostWallet);
    error SecurityTokenFreezeExceedsBalance(address wallet, uint256 frozen, uint256 balance);
    error SecurityTokenUnfreezeExceedsFrozen(address wallet, uint256 amount, uint256 frozen);
    error SecurityTokenSupplyOverflow(uint256 totalSupply);
    error SecurityTokenInvalidLockup(uint256 releaseTime);
    error SecurityTokenTooManyLockups(address wallet);
    error SecurityTokenInvalidCountry(uint16 country);
    error SecurityTokenInvalidCountryMode(uint8 mode);
    error SecurityTokenInvalidPermissions(uint16 permissions);
    error SecurityTokenComplianceBuiltIn();
    error SecurityTokenInvalidRegistry(address registry);
    error SecurityTokenLengthMismatch();
    error SecurityTokenInvalidDocument(bytes32 name);
    error SecurityTokenUnknownDocument(bytes32 name);
    error SecurityTokenTooManyDocuments();
    error SecurityTokenInvalidMaxBalance(uint256 maxBalance);
    /// @notice An investor-level burn or forced transfer named the zero id, or an investor holding no tokens.
    error SecurityTokenUnknownInvestor(bytes32 investorId);
    /// @notice A listed wallet is not attributed to the investor in the identity registry.
    error SecurityTokenWalletNotOfInvestor(address wallet, bytes32 investorId);
    /// @notice A wallet was listed twice.
    error SecurityTokenDuplicateWallet(address wallet);
    /// @notice The listed wallets do not hold the investor's whole position (tokens sit in an unlisted wallet, for
    /// instance moved there right before the agent's transaction).
    error SecurityTokenIncompletePosition(bytes32 investorId, uint256 listedBalance, uint256 investorBalance);
    /// @notice The amount exceeds the investor's total balance.
    error SecurityTokenInvestorBalanceTooLow(bytes32 investorId, uint256 balance, uint256 amount);
    /// @notice A registry replacement would attribute a wallet holding tokens to another investor (`newInvestorId`);
    /// the token's per-investor totals, investor count and caps are keyed on `investorId`.
    error SecurityTokenRegistryChangesInvestor(address wallet, bytes32 investorId, bytes32 newInvestorId);
    /// @notice The wallets listed for a registry replacement do not hold the whole supply: some holder is missing
    /// (`setIdentityRegistry` lists none, so it works only while no tokens are held).
    error SecurityTokenIncompleteHolders(uint256 listedBalance, uint256 totalSupply);
    /// @notice The wallets listed for a registry replacement are not in strictly increasing address order.
    error SecurityTokenUnsortedHolders(address wallet);

    /// @notice Mints tokens that cannot move before `releaseTime` (same rules as `mint`).
    function mintLocked(address to, uint256 amount, uint40 releaseTime) external;

    /// @notice Burns `amount` of an investor's tokens across its wallets (needs the burn permission). Like `burn`
    /// it bypasses every rule and pause; frozen tokens are unfrozen only as far as needed across the listed wallets
    /// (unfrozen tokens are taken first, in list order) and lock-ups shrink so they never exceed what stays unfrozen.
    /// @dev Reverts unless `wallets` are distinct wallets attributed to the investor in the identity registry that
    /// together hold the investor's whole balance as the token records it (`investorBalance`), so tokens moved to
    /// another wallet of the investor right before this transaction make it fail instead of burning less.
    /// @param investorId the investor
    /// @param wallets every wallet of the investor that holds tokens
    /// @param amount the tokens to burn, at most the investor's total
    function burnInvestor(bytes32 investorId, address[] calldata wallets, uint256 amount) external;

    /// @notice Moves `amount` of an investor's tokens across its wallets to `to` (needs the forced transfer
    /// permission): a seizure. Same checks and release of frozen and locked tokens as `burnInvestor`; like
    /// `forcedTransfer`, `to` must be verified and not frozen and every other rule is bypassed. Onto another wallet of
    /// the same investor nothing is released: frozen and locked tokens arrive frozen and locked.
    /// @param investorId the investor
    /// @param wallets every wallet of the investor that holds tokens (not `to`)
    /// @param to the recipient
    /// @param amount the tokens to move, at most the investor's total
    function forcedTransferInvestor(bytes32 investorId, address[] calldata wallets, address to, uint256 amount)
        external;

    /// @notice Replaces the identity registry while tokens are held (owner only). `holders` lists every wallet that
    /// holds tokens, in strictly increasing address order, and each must be attributed to the same investor in the
    /// new registry as in the current one: the token's per-investor totals, investor count and caps are keyed on
    /// those investor ids, so a registry that knows a holder under another id would corrupt them.
    /// `setIdentityRegistry` is this with no holders: it works only while no tokens are held.
    /// @param registry the new identity registry (a contract)
    /// @param holders every wallet with a positive balance, sorted; together they must hold the total supply
    function replaceIdentityRegistry(address registry, address[] calldata holders) external;

    /// @notice Grants exactly `permissions` to `agent` (0 revokes every permission).
    function setAgentPermissions(address agent, uint16 permissions) external;

    /// @notice The permission bits of `agent`.
    function agentPermissions(address agent) external view returns (uint16);

    /// @notice Sets the country rule mode (0 none, 1 allow-list, 2 deny-list).
    function setCountryMode(uint8 mode) external;

    /// @notice Adds countries to (`listed`) or removes them from the country list.
    function setCountriesListed(uint16[] calldata countries, bool listed) external;

    /// @notice Requires recipients to be accredited investors (or not).
    function setAccreditedOnly(bool accreditedOnly) external;

    /// @notice Caps the number of investors holding the token (0: no cap).
    function setMaxInvestors(uint32 maxInvestors) external;

    /// @notice Caps the balance one investor may hold across its wallets (0: no cap).
    function setMaxBalance(uint256 maxBalance) external;

    /// @notice The token's current rules.
    function rules() external view returns (Rules memory);

    /// @notice Whether `country` is on the token's country list.
    function isCountryListed(uint16 country) external view returns (bool);

    /// @notice Number of investors (not wallets) holding a positive balance.
    function investorCount() external view returns (uint256);

    /// @notice Total balance of an investor across all its wallets.
    function investorBalance(bytes32 investorId) external view returns (uint256);

    /// @notice The lock-ups of a wallet (released ones included until they are pruned).
    function lockupsOf(address wallet) external view returns (Lockup[] memory);

    /// @notice Tokens of `wallet` still under lock-up now.
    function lockedBalanceOf(address wallet) external view returns (uint256);

    /// @notice Tokens `wallet` can transfer now: balance less frozen and locked tokens.
    function spendableBalanceOf(address wallet) external view returns (uint256);
}
