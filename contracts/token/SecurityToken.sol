// SPDX-License-Identifier: MIT
// Comparisons follow the rules' wording ("valid up to and including", "released at"); strict rewrites save
// three gas and hide the meaning.
// solhint-disable gas-strict-inequalities
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IAgentRole} from "../interfaces/IAgentRole.sol";
import {AgentPermissions} from "../interfaces/AgentPermissions.sol";
import {IERC1404} from "../interfaces/IERC1404.sol";
import {IERC1643} from "../interfaces/IERC1643.sol";
import {ICompliance, IERC3643} from "../interfaces/IERC3643.sol";
import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {InvestorFlags} from "../interfaces/InvestorFlags.sol";
import {ISecurityToken} from "../interfaces/ISecurityToken.sol";
import {PackedInvestor} from "../interfaces/PackedInvestor.sol";
import {PackedAccount} from "./PackedAccount.sol";
import {PackedAccountLib as Acct} from "./PackedAccount.sol";
import {RestrictionCodes as Codes} from "./RestrictionCodes.sol";
import {SecurityTokenOps as Ops} from "./SecurityTokenOps.sol";
import {TokenLedger} from "./TokenLedger.sol";

/// @title SecurityToken
/// @notice An ERC-20 security token that only verified investors can hold, with the controls a transfer agent needs.
/// Implements ERC-3643 (token and agent role), ERC-1404, ERC-7943 (fungible), ERC-1643 and ERC-165.
///
/// Which rules each balance-moving path enforces:
/// - `transfer`, `transferFrom`, `batchTransfer`: every rule: not paused; sender linked and verified, or
///   liquidate-only; recipient verified and not liquidate-only; neither wallet frozen; amount within the unfrozen
///   and unlocked balance; recipient's country; accredited-only; maximum investors; maximum balance per investor.
///   `transferFrom` also checks the allowance and that the spender is not frozen.
/// - `mint`, `batchMint`, `mintLocked`: pause and every rule about the recipient (same codes).
/// - `forcedTransfer`, `batchForcedTransfer`: only that the recipient is verified and not frozen. They bypass pause,
///   the sender's eligibility and freeze, frozen amounts (only the shortfall is unfrozen), lock-ups and the investor
///   rules, because they carry out court orders and corrections that the ordinary rules would block. Between two
///   wallets of one investor they release nothing: frozen and locked tokens arrive frozen and locked.
/// - `recoveryAddress`: the new wallet must be verified and linked to the lost wallet's investor; caps do not apply
///   because the investor does not change.
/// - `burn`, `batchBurn`, `burnInvestor`: bypass every rule: removing tokens can never make a holding non-compliant.
/// - `forcedTransferInvestor`: as `forcedTransfer`. Both investor-level paths take from every wallet of the investor
///   that holds tokens and refuse a wallet list that misses any, so moving tokens between the investor's own wallets
///   right before the agent's transaction cannot dodge them.
///
/// A refused transfer or mint reverts with ERC-6093's error for a base ERC-20 failure (balance, allowance, zero
/// address), with ERC-7943's `ERC7943InsufficientUnfrozenBalance` for frozen tokens, and with
/// `SecurityTokenTransferRestricted(code)` for every rule; the ERC-1404 views return a code for each of them.
///
/// The registry's investor ids key the per-investor totals, the investor count and the caps, so a replacement
/// registry must attribute every holding wallet to the same investor (`replaceIdentityRegistry`).
///
/// @dev Rules live next to the balances and eligibility is plain storage in the registry, so a compliant transfer
/// costs one external call and a few storage reads more than a plain ERC-20 transfer. Balances live in a packed
/// per-wallet word (TokenLedger / PackedAccount) instead of OpenZeppelin's ERC20 storage, and every balance change
/// goes through `TokenLedger.move`. Agent operations run in the linked SecurityTokenOps library.
contract SecurityToken is
    IERC20Metadata,
    IERC3643,
    ICompliance,
    IAgentRole,
    IERC1404,
    IERC7943Fungible,
    IERC1643,
    ISecurityToken,
    Ownable2Step
{
    using TokenLedger for TokenLedger.State;
    using TokenLedger for uint256;

    /// @dev What a transfer check loaded, reused by the write that follows it.
    struct Plan {
        uint256 config;
        PackedAccount fromAcct;
        PackedAccount toAcct;
        bytes32 fromId;
        bytes32 toId;
    }

    uint8 private immutable _decimals;
    // The registry a token is issued with is immutable: reading it costs nothing. A replacement set later lives in
    // storage and is read only when the REGISTRY_REPLACED flag of the config word says so.
    address private immutable _initialRegistry;
    TokenLedger.State private _s;
    Ops.Documents private _documents;

    modifier onlyPermitted(uint16 permission) {
        _checkPermission(permission);
        _;
    }

    /// @param owner_ the token owner (the same as `owner` in the config)
    /// @param encodedConfig `abi.encode(TokenConfig)`: name, symbol, decimals, owner, registry, rules, documents and
    /// agents of the new token
    /// @dev The config arrives encoded and is decoded by the linked library: decoding the nested struct here would
    /// put about 3 KB more into every token's creation code, which the factory has to carry.
    constructor(address owner_, bytes memory encodedConfig) Ownable(owner_) {
        (address registry, uint8 decimals_) = Ops.initialize(_s, _documents, owner_, encodedConfig);
        _decimals = decimals_;
        _initialRegistry = registry;
    }

    // =============================================================== ERC-20

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _s.name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _s.symbol;
    }

    /// @inheritdoc IERC20Metadata
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _s.totalSupply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _s.accounts[account].balance();
    }

    /// @inheritdoc IERC20
    function allowance(address owner_, address spender) external view returns (uint256) {
        return _s.allowances[owner_][spender];
    }

    /// @inheritdoc IERC20
    /// @dev Approvals stay possible while paused or frozen: only movements of tokens are restricted.
    function approve(address spender, uint256 value) external returns (bool) {
        if (spender == address(0)) revert ERC20InvalidSpender(spender);
        _s.allowances[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        _transferChecked(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = _s.allowances[from][msg.sender];
        uint8 code = _spenderCode(msg.sender, from, allowed, value);
        if (code == Codes.INSUFFICIENT_ALLOWANCE) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
        if (code == Codes.INVALID_APPROVER) revert ERC20InvalidApprover(from);
        if (code != Codes.SUCCESS) revert SecurityTokenTransferRestricted(code);
        if (allowed != type(uint256).max) {
            unchecked {
                // _spenderCode checked allowed >= value.
                _s.allowances[from][msg.sender] = allowed - value;
            }
        }
        _transferChecked(from, to, value);
        return true;
    }

    /// @inheritdoc IERC3643
    function batchTransfer(address[] calldata _toList, uint256[] calldata _amounts) external {
        if (_amounts.length != _toList.length) revert SecurityTokenLengthMismatch();
        for (uint256 i; i < _toList.length; ++i) {
            _transferChecked(msg.sender, _toList[i], _amounts[i]);
        }
    }

    // =============================================================== ERC-1404, ERC-7943 and compliance views

    /// @inheritdoc IERC1404
    function detectTransferRestriction(address from, address to, uint256 value) public view returns (uint8 code) {
        (code,) = _planTransfer(from, to, value);
    }

    /// @inheritdoc IERC1404
    function detectTransferRestrictionFrom(address spender, address from, address to, uint256 value)
        external
        view
        returns (uint8 code)
    {
        code = _spenderCode(spender, from, _s.allowances[from][spender], value);
        if (code == Codes.SUCCESS) (code,) = _planTransfer(from, to, value);
    }

    /// @inheritdoc IERC1404
    function messageForTransferRestriction(uint8 restrictionCode) external pure returns (string memory) {
        return Ops.message(restrictionCode);
    }

    /// @notice The restriction code `mint(to, value)` would revert with (0: it succeeds for a minting agent).
    function detectMintRestriction(address to, uint256 value) external view returns (uint8 code) {
        (code,) = _planMint(to, value);
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev False exactly when a rule refuses the transfer. As ERC-7943 requires, an amount above the balance alone
    /// does not make it false: that is the base ERC-20's check (the transfer reverts with ERC20InsufficientBalance),
    /// and `_planTransfer` reports it only when no rule objects.
    function canTransfer(address from, address to, uint256 amount)
        external
        view
        override(ICompliance, IERC7943Fungible)
        returns (bool)
    {
        uint8 code = detectTransferRestriction(from, to, amount);
        return code == Codes.SUCCESS || code == Codes.INSUFFICIENT_BALANCE;
    }

    /// @inheritdoc IERC7943Fungible
    function canSend(address account) external view returns (bool) {
        return Ops.canSend(_s, _registry(_s.config), account);
    }

    /// @inheritdoc IERC7943Fungible
    function canReceive(address account) external view returns (bool) {
        return Ops.canReceive(_s, _registry(_s.config), account);
    }

    // =============================================================== ERC-3643 getters

    /// @inheritdoc IERC3643
    function onchainID() external view returns (address) {
        return _s.onchainID;
    }

    /// @inheritdoc IERC3643
    function version() external pure returns (string memory) {
        return TokenLedger.VERSION;
    }

    /// @inheritdoc IERC3643
    function identityRegistry() external view returns (IIdentityRegistry) {
        return IIdentityRegistry(_registry(_s.config));
    }

    /// @inheritdoc IERC3643
    /// @dev The rules are built into the token, so the token is its own compliance contract.
    function compliance() external view returns (ICompliance) {
        return ICompliance(address(this));
    }

    /// @inheritdoc IERC3643
    function paused() external view returns (bool) {
        return _s.config.flags() & TokenLedger.PAUSED != 0;
    }

    /// @inheritdoc IERC3643
    function isFrozen(address _userAddress) external view returns (bool) {
        return _s.accounts[_userAddress].has(Acct.FROZEN);
    }

    /// @inheritdoc IERC3643
    function getFrozenTokens(address _userAddress)
        external
        view
        override(IERC3643, IERC7943Fungible)
        returns (uint256)
    {
        return _s.accounts[_userAddress].frozen();
    }

    // =============================================================== owner: token information, registry, agents

    /// @inheritdoc IERC3643
    function setName(string calldata name_) external onlyOwner {
        Ops.setTokenInformation(_s, _decimals, 0, name_);
    }

    /// @inheritdoc IERC3643
    function setSymbol(string calldata symbol_) external onlyOwner {
        Ops.setTokenInformation(_s, _decimals, 1, symbol_);
    }

    /// @inheritdoc IERC3643
    function setOnchainID(address onchainID_) external onlyOwner {
        _s.onchainID = onchainID_;
        Ops.setTokenInformation(_s, _decimals, 2, "");
    }

    /// @inheritdoc IERC3643
    /// @dev Only while no tokens are held (see replaceIdentityRegistry): per-investor totals are keyed on the
    /// registry's investor ids.
    function setIdentityRegistry(address _identityRegistry) external onlyOwner {
        if (_s.totalSupply != 0) revert SecurityTokenIncompleteHolders(0, _s.totalSupply);
        if (_identityRegistry.code.length == 0) revert SecurityTokenInvalidRegistry(_identityRegistry);
        _s.registry = _identityRegistry;
        _s.config = _s.config.withFlag(TokenLedger.REGISTRY_REPLACED, true);
        emit IdentityRegistryAdded(_identityRegistry);
    }

    /// @inheritdoc ISecurityToken
    function replaceIdentityRegistry(address registry, address[] calldata holders) external onlyOwner {
        Ops.replaceRegistry(_s, _registry(_s.config), registry, holders);
    }

    /// @inheritdoc IERC3643
    /// @dev Always reverts: the rules are built into the token and changed with the rule setters.
    function setCompliance(address) external view onlyOwner {
        revert SecurityTokenComplianceBuiltIn();
    }

    /// @inheritdoc IAgentRole
    function addAgent(address _agent) external onlyOwner {
        Ops.setPermissions(_s, _agent, AgentPermissions.ALL);
    }

    /// @inheritdoc IAgentRole
    function removeAgent(address _agent) external onlyOwner {
        Ops.setPermissions(_s, _agent, 0);
    }

    /// @inheritdoc ISecurityToken
    function setAgentPermissions(address agent, uint16 permissions) external onlyOwner {
        Ops.setPermissions(_s, agent, permissions);
    }

    /// @inheritdoc IAgentRole
    function isAgent(address _agent) external view returns (bool) {
        return _s.permissions[_agent] != 0;
    }

    /// @inheritdoc ISecurityToken
    function agentPermissions(address agent) external view returns (uint16) {
        return _s.permissions[agent];
    }

    // =============================================================== rules

    /// @inheritdoc ISecurityToken
    function setCountryMode(uint8 mode) external onlyPermitted(AgentPermissions.RULES) {
        Ops.setCountryMode(_s, mode);
    }

    /// @inheritdoc ISecurityToken
    function setCountriesListed(uint16[] calldata countries, bool listed)
        external
        onlyPermitted(AgentPermissions.RULES)
    {
        Ops.setCountriesListed(_s, countries, listed);
    }

    /// @inheritdoc ISecurityToken
    function setAccreditedOnly(bool accreditedOnly) external onlyPermitted(AgentPermissions.RULES) {
        Ops.setAccreditedOnly(_s, accreditedOnly);
    }

    /// @inheritdoc ISecurityToken
    /// @dev A cap below the current count blocks new investors without touching existing holdings.
    function setMaxInvestors(uint32 maxInvestors) external onlyPermitted(AgentPermissions.RULES) {
        Ops.setMaxInvestors(_s, maxInvestors);
    }

    /// @inheritdoc ISecurityToken
    /// @dev A cap below a current holding blocks further increases of that holding only.
    function setMaxBalance(uint256 maxBalance) external onlyPermitted(AgentPermissions.RULES) {
        Ops.setMaxBalance(_s, maxBalance);
    }

    /// @inheritdoc ISecurityToken
    function rules() external view returns (Rules memory) {
        _returnEncoded(Ops.encodedRules(_s));
    }

    /// @inheritdoc ISecurityToken
    function isCountryListed(uint16 country) external view returns (bool) {
        return _s.isListed(country);
    }

    /// @inheritdoc ISecurityToken
    function investorCount() external view returns (uint256) {
        return _s.config.investorCount();
    }

    /// @inheritdoc ISecurityToken
    function investorBalance(bytes32 investorId) external view returns (uint256) {
        return _s.positionTotal(investorId, _s.positions[investorId]);
    }

    // =============================================================== pause

    /// @inheritdoc IERC3643
    /// @dev Stops transfers and mints; burns, forced transfers and recoveries still work.
    function pause() external onlyPermitted(AgentPermissions.PAUSE) {
        _s.config = _s.config.withFlag(TokenLedger.PAUSED, true);
        emit Paused(msg.sender);
    }

    /// @inheritdoc IERC3643
    function unpause() external onlyPermitted(AgentPermissions.PAUSE) {
        _s.config = _s.config.withFlag(TokenLedger.PAUSED, false);
        emit Unpaused(msg.sender);
    }

    // =============================================================== freezes

    /// @inheritdoc IERC3643
    function setAddressFrozen(address _userAddress, bool _freeze) external onlyPermitted(AgentPermissions.FREEZE) {
        Ops.setAddressFrozen(_s, _userAddress, _freeze);
    }

    /// @inheritdoc IERC3643
    function batchSetAddressFrozen(address[] calldata _userAddresses, bool[] calldata _freeze)
        external
        onlyPermitted(AgentPermissions.FREEZE)
    {
        Ops.batchSetAddressFrozen(_s, _userAddresses, _freeze);
    }

    /// @inheritdoc IERC3643
    function freezePartialTokens(address _userAddress, uint256 _amount)
        external
        onlyPermitted(AgentPermissions.FREEZE)
    {
        Ops.changeFrozenTokens(_s, _userAddress, _amount, true);
    }

    /// @inheritdoc IERC3643
    function batchFreezePartialTokens(address[] calldata _userAddresses, uint256[] calldata _amounts)
        external
        onlyPermitted(AgentPermissions.FREEZE)
    {
        Ops.batchChangeFrozenTokens(_s, _userAddresses, _amounts, true);
    }

    /// @inheritdoc IERC3643
    function unfreezePartialTokens(address _userAddress, uint256 _amount)
        external
        onlyPermitted(AgentPermissions.FREEZE)
    {
        Ops.changeFrozenTokens(_s, _userAddress, _amount, false);
    }

    /// @inheritdoc IERC3643
    function batchUnfreezePartialTokens(address[] calldata _userAddresses, uint256[] calldata _amounts)
        external
        onlyPermitted(AgentPermissions.FREEZE)
    {
        Ops.batchChangeFrozenTokens(_s, _userAddresses, _amounts, false);
    }

    /// @inheritdoc IERC7943Fungible
    function setFrozenTokens(address account, uint256 amount)
        external
        onlyPermitted(AgentPermissions.FREEZE)
        returns (bool)
    {
        Ops.setFrozenTokens(_s, account, amount);
        return true;
    }

    // =============================================================== mint, burn, forced transfer, recovery

    /// @inheritdoc IERC3643
    function mint(address _to, uint256 _amount) external onlyPermitted(AgentPermissions.MINT) {
        _mintChecked(_to, _amount);
    }

    /// @inheritdoc IERC3643
    function batchMint(address[] calldata _toList, uint256[] calldata _amounts)
        external
        onlyPermitted(AgentPermissions.MINT)
    {
        if (_amounts.length != _toList.length) revert SecurityTokenLengthMismatch();
        for (uint256 i; i < _toList.length; ++i) {
            _mintChecked(_toList[i], _amounts[i]);
        }
    }

    /// @inheritdoc ISecurityToken
    function mintLocked(address to, uint256 amount, uint40 releaseTime) external onlyPermitted(AgentPermissions.MINT) {
        if (releaseTime <= block.timestamp) revert SecurityTokenInvalidLockup(releaseTime);
        _mintChecked(to, amount);
        Ops.addLockup(_s, to, amount, releaseTime);
    }

    /// @inheritdoc IERC3643
    function burn(address _userAddress, uint256 _amount) external onlyPermitted(AgentPermissions.BURN) {
        Ops.burn(_s, _registry(_s.config), _userAddress, _amount);
    }

    /// @inheritdoc IERC3643
    function batchBurn(address[] calldata _userAddresses, uint256[] calldata _amounts)
        external
        onlyPermitted(AgentPermissions.BURN)
    {
        if (_amounts.length != _userAddresses.length) revert SecurityTokenLengthMismatch();
        address registry = _registry(_s.config);
        for (uint256 i; i < _userAddresses.length; ++i) {
            Ops.burn(_s, registry, _userAddresses[i], _amounts[i]);
        }
    }

    /// @inheritdoc ISecurityToken
    function burnInvestor(bytes32 investorId, address[] calldata wallets, uint256 amount)
        external
        onlyPermitted(AgentPermissions.BURN)
    {
        _takeFromInvestor(investorId, wallets, address(0), amount, true);
    }

    /// @inheritdoc IERC3643
    function forcedTransfer(address _from, address _to, uint256 _amount)
        external
        override(IERC3643, IERC7943Fungible)
        onlyPermitted(AgentPermissions.FORCED_TRANSFER)
        returns (bool)
    {
        Ops.forcedTransfer(_s, _registry(_s.config), _from, _to, _amount);
        return true;
    }

    /// @inheritdoc IERC3643
    function batchForcedTransfer(address[] calldata _fromList, address[] calldata _toList, uint256[] calldata _amounts)
        external
        onlyPermitted(AgentPermissions.FORCED_TRANSFER)
    {
        if (_toList.length != _fromList.length || _amounts.length != _fromList.length) {
            revert SecurityTokenLengthMismatch();
        }
        address registry = _registry(_s.config);
        for (uint256 i; i < _fromList.length; ++i) {
            Ops.forcedTransfer(_s, registry, _fromList[i], _toList[i], _amounts[i]);
        }
    }

    /// @inheritdoc ISecurityToken
    function forcedTransferInvestor(bytes32 investorId, address[] calldata wallets, address to, uint256 amount)
        external
        onlyPermitted(AgentPermissions.FORCED_TRANSFER)
    {
        _takeFromInvestor(investorId, wallets, to, amount, false);
    }

    /// @inheritdoc IERC3643
    /// @dev `_investorOnchainID` is only echoed in the event: the registry decides who the investor is, and it must
    /// link both wallets to the same investor.
    function recoveryAddress(address _lostWallet, address _newWallet, address _investorOnchainID)
        external
        onlyPermitted(AgentPermissions.RECOVERY)
        returns (bool)
    {
        Ops.recover(_s, _registry(_s.config), _lostWallet, _newWallet, _investorOnchainID);
        return true;
    }

    // =============================================================== lock-ups

    /// @inheritdoc ISecurityToken
    function lockupsOf(address wallet) external view returns (Lockup[] memory) {
        _returnEncoded(Ops.encodedLockups(_s, wallet));
    }

    /// @inheritdoc ISecurityToken
    function lockedBalanceOf(address wallet) external view returns (uint256) {
        return _s.lockedAmount(wallet, _s.accounts[wallet].lockedUntil());
    }

    /// @inheritdoc ISecurityToken
    function spendableBalanceOf(address wallet) external view returns (uint256) {
        return Ops.spendableBalanceOf(_s, wallet);
    }

    // =============================================================== documents (ERC-1643)

    /// @inheritdoc IERC1643
    function setDocument(bytes32 _name, string calldata _uri, bytes32 _documentHash)
        external
        onlyPermitted(AgentPermissions.DOCUMENTS)
    {
        Ops.setDocument(_documents, _name, _uri, _documentHash);
    }

    /// @inheritdoc IERC1643
    function removeDocument(bytes32 _name) external onlyPermitted(AgentPermissions.DOCUMENTS) {
        Ops.removeDocument(_documents, _name);
    }

    /// @inheritdoc IERC1643
    function getDocument(bytes32 _name) external view returns (string memory, bytes32, uint256) {
        _returnEncoded(Ops.encodedDocument(_documents, _name));
    }

    /// @inheritdoc IERC1643
    function getAllDocuments() external view returns (bytes32[] memory) {
        _returnEncoded(Ops.encodedDocumentNames(_documents));
    }

    // =============================================================== ERC-165

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IERC20).interfaceId
            || interfaceId == type(IERC20Metadata).interfaceId || interfaceId == type(IERC3643).interfaceId
            || interfaceId == type(IAgentRole).interfaceId || interfaceId == type(IERC1404).interfaceId
            || interfaceId == type(IERC7943Fungible).interfaceId || interfaceId == type(IERC1643).interfaceId
            || interfaceId == type(ISecurityToken).interfaceId || interfaceId == 0x7f5828d0; // ERC-173 ownership
    }

    // =============================================================== internals: checks

    /// @dev Every rule of a holder-initiated transfer, in the order the codes take precedence. Views and writes both
    /// call this, so a view returns exactly the code the transfer reverts with.
    function _planTransfer(address from, address to, uint256 value) private view returns (uint8, Plan memory p) {
        p.config = _s.config;
        if (p.config.flags() & TokenLedger.PAUSED != 0) return (Codes.PAUSED, p);
        if (to == address(0)) return (Codes.INVALID_RECIPIENT, p);
        PackedInvestor fromRecord;
        PackedInvestor toRecord;
        (p.fromId, fromRecord, p.toId, toRecord) = IIdentityRegistry(_registry(p.config)).parties(from, to);
        if (!fromRecord.canSend()) return (Codes.SENDER_NOT_ELIGIBLE, p);
        uint8 code = _recipientCode(toRecord);
        if (code != Codes.SUCCESS) return (code, p);
        p.fromAcct = _s.accounts[from];
        p.toAcct = _s.accounts[to];
        if (p.fromAcct.has(Acct.FROZEN)) return (Codes.SENDER_FROZEN, p);
        if (p.toAcct.has(Acct.FROZEN)) return (Codes.RECIPIENT_FROZEN, p);
        code = _balanceCode(from, p.fromAcct, value);
        if (code != Codes.SUCCESS) return (code, p);
        code = _ruleCode(p.config, toRecord);
        if (code != Codes.SUCCESS) return (code, p);
        // Caps count investors, so moves between one investor's wallets never hit them.
        if (p.fromId != p.toId && value != 0) {
            code = _capCode(p, value);
            if (code != Codes.SUCCESS) return (code, p);
        }
        // A shortfall comes last: it is the base ERC-20's refusal, not a rule's (see canTransfer).
        if (value > p.fromAcct.balance()) return (Codes.INSUFFICIENT_BALANCE, p);
        return (Codes.SUCCESS, p);
    }

    /// @dev Every rule of a mint: pause, the recipient's eligibility and the investor rules.
    function _planMint(address to, uint256 value) private view returns (uint8, Plan memory p) {
        p.config = _s.config;
        if (p.config.flags() & TokenLedger.PAUSED != 0) return (Codes.PAUSED, p);
        if (to == address(0)) return (Codes.INVALID_RECIPIENT, p);
        PackedInvestor toRecord;
        (p.toId, toRecord) = IIdentityRegistry(_registry(p.config)).party(to);
        uint8 code = _recipientCode(toRecord);
        if (code != Codes.SUCCESS) return (code, p);
        p.toAcct = _s.accounts[to];
        if (p.toAcct.has(Acct.FROZEN)) return (Codes.RECIPIENT_FROZEN, p);
        if (value > type(uint104).max - _s.totalSupply) return (Codes.SUPPLY_OVERFLOW, p);
        code = _ruleCode(p.config, toRecord);
        if (code != Codes.SUCCESS) return (code, p);
        if (value != 0) return (_capCode(p, value), p);
        return (Codes.SUCCESS, p);
    }

    /// @dev In OpenZeppelin's order: the allowance, then its owner (the zero address approves nothing, so only a
    /// zero-value transferFrom gets that far), then the spender's freeze.
    function _spenderCode(address spender, address from, uint256 allowed, uint256 value) private view returns (uint8) {
        if (allowed < value) return Codes.INSUFFICIENT_ALLOWANCE;
        if (from == address(0)) return Codes.INVALID_APPROVER;
        if (_s.accounts[spender].has(Acct.FROZEN)) return Codes.SPENDER_FROZEN;
        return Codes.SUCCESS;
    }

    /// @dev Frozen and locked tokens, for an amount within the balance (`_planTransfer` reports a shortfall last).
    function _balanceCode(address from, PackedAccount acct, uint256 value) private view returns (uint8) {
        uint256 balance = acct.balance();
        if (value > balance) return Codes.SUCCESS;
        unchecked {
            // frozen <= balance always holds, and value <= balance was just checked.
            uint256 unfrozen = balance - acct.frozen();
            if (value > unfrozen) return Codes.TOKENS_FROZEN;
            // Lock-ups are read only before their latest release time; after it this is one comparison.
            uint40 lockedUntil = acct.lockedUntil();
            if (lockedUntil > block.timestamp) {
                uint256 locked = _s.lockedAmount(from, lockedUntil);
                if (locked >= unfrozen || value > unfrozen - locked) return Codes.TOKENS_LOCKED;
            }
        }
        return Codes.SUCCESS;
    }

    function _ruleCode(uint256 config, PackedInvestor record) private view returns (uint8) {
        uint8 flags = config.flags();
        if (flags & (TokenLedger.COUNTRY_ALLOW | TokenLedger.COUNTRY_DENY) != 0) {
            bool listed = _s.countryListed(config, record.country());
            if (flags & TokenLedger.COUNTRY_ALLOW != 0 ? !listed : listed) return Codes.COUNTRY_NOT_ALLOWED;
        }
        if (flags & TokenLedger.ACCREDITED_ONLY != 0 && record.flags() & InvestorFlags.ACCREDITED == 0) {
            return Codes.NOT_ACCREDITED;
        }
        return Codes.SUCCESS;
    }

    function _capCode(Plan memory p, uint256 value) private view returns (uint8) {
        bool toStarts = p.toAcct.balance() == 0;
        TokenLedger.Position memory toPos;
        if (toStarts) toPos = _s.positions[p.toId];
        uint32 maxInvestors = p.config.maxInvestors();
        if (maxInvestors != 0 && toStarts && toPos.holdingWallets == 0) {
            // A new investor may take the place of one that leaves with this very transfer.
            bool leaves = p.fromId != bytes32(0) && value == p.fromAcct.balance()
                && _s.positions[p.fromId].holdingWallets == 1;
            if (!leaves && p.config.investorCount() >= maxInvestors) return Codes.MAX_INVESTORS_REACHED;
        }
        uint256 maxBalance = p.config.maxBalance();
        if (maxBalance != 0) {
            uint256 held;
            if (toStarts) held = _s.positionTotal(p.toId, toPos);
            else if (p.toAcct.has(Acct.SOLE)) held = p.toAcct.balance();
            else held = _s.sharedBalance[p.toId];
            // `value` is not yet checked against the balance (a shortfall comes last), so it is tested alone first:
            // an amount near 2^256 gets this code, not an overflow panic. Then held < 2^104 (the supply cap) and
            // value <= maxBalance < 2^128, so the sum cannot overflow: unchecked, a capped transfer costs 40 gas less.
            if (value > maxBalance) return Codes.MAX_BALANCE_EXCEEDED;
            unchecked {
                if (held + value > maxBalance) return Codes.MAX_BALANCE_EXCEEDED;
            }
        }
        return Codes.SUCCESS;
    }

    function _recipientCode(PackedInvestor record) private view returns (uint8) {
        if (!record.linked() || record.kycValidUntil() < block.timestamp) return Codes.RECIPIENT_NOT_VERIFIED;
        uint8 status = record.status();
        if (status == InvestorFlags.STATUS_LIQUIDATE_ONLY) return Codes.RECIPIENT_LIQUIDATE_ONLY;
        if (status != InvestorFlags.STATUS_ACTIVE) return Codes.RECIPIENT_NOT_VERIFIED;
        return Codes.SUCCESS;
    }

    // =============================================================== internals: movements and helpers

    function _transferChecked(address from, address to, uint256 value) private {
        (uint8 code, Plan memory p) = _planTransfer(from, to, value);
        if (code != Codes.SUCCESS) _revertRefused(code, from, to, value, p.fromAcct);
        if (from == to) {
            // A self-transfer changes nothing, but ERC-20 integrators still expect the event.
            emit Transfer(from, to, value);
            return;
        }
        _s.move(from, to, p.fromId, p.toId, value);
    }

    function _mintChecked(address to, uint256 value) private {
        (uint8 code, Plan memory p) = _planMint(to, value);
        if (code != Codes.SUCCESS) _revertRefused(code, address(0), to, value, p.fromAcct);
        unchecked {
            // _planMint checked that the supply stays below 2^104.
            _s.totalSupply += value;
        }
        _s.move(address(0), to, bytes32(0), p.toId, value);
    }

    /// @dev The error a refused transfer or mint reverts with, one per restriction code: ERC-6093's for the base ERC-20
    /// failures, ERC-7943's when the amount is within the balance but not within the unfrozen balance, and
    /// SecurityTokenTransferRestricted(code) for every rule.
    function _revertRefused(uint8 code, address from, address to, uint256 value, PackedAccount fromAcct) private pure {
        if (code == Codes.INSUFFICIENT_BALANCE) revert ERC20InsufficientBalance(from, fromAcct.balance(), value);
        if (code == Codes.TOKENS_FROZEN) {
            revert ERC7943InsufficientUnfrozenBalance(from, value, fromAcct.balance() - fromAcct.frozen());
        }
        if (code == Codes.INVALID_RECIPIENT) revert ERC20InvalidReceiver(to);
        revert SecurityTokenTransferRestricted(code);
    }

    /// @dev One call site of the library for both investor-level paths keeps the token (and the factory) small.
    function _takeFromInvestor(bytes32 investorId, address[] calldata wallets, address to, uint256 amount, bool burn_)
        private
    {
        Ops.takeFromInvestor(_s, _registry(_s.config), investorId, wallets, to, amount, burn_);
    }

    /// @dev Ends the call with `encoded`, a return value the library ABI-encoded. Decoding a struct with a dynamic
    /// array (`rules`) or an array of structs (`lockupsOf`) here only to encode it again, or encoding documents from
    /// storage here, would put ~850 bytes more into every token, 170,000 gas more per issuance (measured), which the
    /// factory's 4M-gas issuance cannot carry.
    function _returnEncoded(bytes memory encoded) private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            return(add(encoded, 0x20), mload(encoded))
        }
    }

    function _registry(uint256 config) private view returns (address) {
        return config.flags() & TokenLedger.REGISTRY_REPLACED == 0 ? _initialRegistry : _s.registry;
    }

    function _checkPermission(uint16 permission) private view {
        if (_s.permissions[msg.sender] & permission == 0) revert SecurityTokenMissingPermission(msg.sender, permission);
    }
}
