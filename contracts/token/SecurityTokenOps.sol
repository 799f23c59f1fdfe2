// SPDX-License-Identifier: MIT
// Comparisons follow the rules' wording ("valid up to and including", "released at"); strict rewrites save
// three gas and hide the meaning.
// solhint-disable gas-strict-inequalities
pragma solidity 0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC1643} from "../interfaces/IERC1643.sol";
import {IAgentRole} from "../interfaces/IAgentRole.sol";
import {AgentPermissions} from "../interfaces/AgentPermissions.sol";
import {IERC3643} from "../interfaces/IERC3643.sol";
import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {InvestorFlags} from "../interfaces/InvestorFlags.sol";
import {ISecurityToken} from "../interfaces/ISecurityToken.sol";
import {PackedInvestor} from "../interfaces/PackedInvestor.sol";
import {PackedAccount} from "./PackedAccount.sol";
import {PackedAccountLib as Acct} from "./PackedAccount.sol";
import {RestrictionCodes} from "./RestrictionCodes.sol";
import {TokenLedger} from "./TokenLedger.sol";

/// @title SecurityTokenOps
/// @notice The agent and owner operations of SecurityToken that no transfer needs: forced transfers, burns,
/// recovery, freezes, lock-ups, rules, permissions and documents.
/// @dev A linked library: it runs in the token's storage by DELEGATECALL and is deployed once for all tokens. Keeping
/// this code out of the token keeps each token under ~15 KB, so issuing one costs about 3.5M gas instead of 5.8M,
/// while transfers pay no proxy hop. Callers (the token) check permissions before calling.
library SecurityTokenOps {
    using TokenLedger for TokenLedger.State;
    using TokenLedger for uint256;

    uint256 internal constant _MAX_DOCUMENTS = 64;

    struct Document {
        string uri;
        bytes32 documentHash;
        uint64 lastModified;
        uint32 position; // index in `names` plus one; 0 means absent
    }

    struct Documents {
        mapping(bytes32 name => Document) byName;
        bytes32[] names;
    }

    // =============================================================== issuance

    /// @notice Sets up a new token from `abi.encode(TokenConfig)`; returns what the token keeps as immutables.
    // solhint-disable-next-line gas-calldata-parameters
    function initialize(TokenLedger.State storage s, Documents storage d, address owner, bytes memory encodedConfig)
        external
        returns (address registry, uint8 decimals)
    {
        ISecurityToken.TokenConfig memory c = abi.decode(encodedConfig, (ISecurityToken.TokenConfig));
        if (c.owner != owner) revert ISecurityToken.SecurityTokenInvalidWallet(owner);
        if (c.identityRegistry.code.length == 0) revert ISecurityToken.SecurityTokenInvalidRegistry(c.identityRegistry);
        s.name = c.name;
        s.symbol = c.symbol;
        s.onchainID = c.onchainID;
        emit IERC3643.IdentityRegistryAdded(c.identityRegistry);
        emit IERC3643.ComplianceAdded(address(this));
        setCountryMode(s, c.rules.countryMode);
        if (c.rules.countries.length != 0) setCountriesListed(s, c.rules.countries, true);
        setAccreditedOnly(s, c.rules.accreditedOnly);
        setMaxInvestors(s, c.rules.maxInvestors);
        setMaxBalance(s, c.rules.maxBalance);
        for (uint256 i; i < c.documents.length; ++i) {
            setDocument(d, c.documents[i].name, c.documents[i].uri, c.documents[i].documentHash);
        }
        for (uint256 i; i < c.agents.length; ++i) {
            setPermissions(s, c.agents[i].agent, c.agents[i].permissions);
        }
        return (c.identityRegistry, c.decimals);
    }

    /// @notice Replaces the identity registry when no wallet holding tokens changes investor: `holders` (strictly
    /// increasing, so none counts twice) must hold the whole supply, which proves no holder is missing, and each
    /// must have the same investor id in `replacement` as in `current`. Wallets without tokens may change: the
    /// per-investor totals, the investor count and the sole-wallet marks only concern holding wallets.
    function replaceRegistry(
        TokenLedger.State storage s,
        address current,
        address replacement,
        address[] calldata holders
    ) external {
        if (replacement.code.length == 0) revert ISecurityToken.SecurityTokenInvalidRegistry(replacement);
        uint256 listed;
        address previous;
        for (uint256 i; i < holders.length; ++i) {
            address wallet = holders[i];
            if (wallet <= previous) revert ISecurityToken.SecurityTokenUnsortedHolders(wallet);
            previous = wallet;
            uint256 balance = s.accounts[wallet].balance();
            if (balance == 0) continue;
            listed += balance;
            (bytes32 id,) = IIdentityRegistry(current).party(wallet);
            (bytes32 newId,) = IIdentityRegistry(replacement).party(wallet);
            if (newId != id) revert ISecurityToken.SecurityTokenRegistryChangesInvestor(wallet, id, newId);
        }
        if (listed != s.totalSupply) revert ISecurityToken.SecurityTokenIncompleteHolders(listed, s.totalSupply);
        s.registry = replacement;
        s.config = s.config.withFlag(TokenLedger.REGISTRY_REPLACED, true);
        emit IERC3643.IdentityRegistryAdded(replacement);
    }

    /// @notice Sets the name (`field` 0) or the symbol (1), or only announces the current information (2).
    function setTokenInformation(TokenLedger.State storage s, uint8 decimals, uint8 field, string calldata value)
        external
    {
        if (field == 0) s.name = value;
        else if (field == 1) s.symbol = value;
        emit IERC3643.UpdatedTokenInformation(s.name, s.symbol, decimals, TokenLedger.VERSION, s.onchainID);
    }

    // =============================================================== agent movements

    /// @notice Forced transfer: the recipient must be verified and not frozen; every other rule is bypassed, and
    /// frozen or locked tokens are released only as far as needed.
    function forcedTransfer(TokenLedger.State storage s, address registry, address from, address to, uint256 value)
        external
    {
        if (from == to) revert ISecurityToken.SecurityTokenSameWallet(from);
        if (to == address(0)) revert IERC20Errors.ERC20InvalidReceiver(to);
        (bytes32 fromId,, bytes32 toId, PackedInvestor toRecord) = IIdentityRegistry(registry).parties(from, to);
        if (!toRecord.isVerified() || s.accounts[to].has(Acct.FROZEN)) {
            revert ISecurityToken.SecurityTokenRecipientNotVerified(to);
        }
        // Between two wallets of one investor nothing changes hands: frozen and locked tokens arrive as they left.
        _releaseForAgent(s, from, value, fromId == toId ? to : address(0));
        s.move(from, to, fromId, toId, value);
        emit IERC7943Fungible.ForcedTransfer(from, to, value);
    }

    /// @notice Agent burn: bypasses every rule; frozen and locked tokens are released only as far as needed.
    function burn(TokenLedger.State storage s, address registry, address from, uint256 value) external {
        (bytes32 fromId,) = IIdentityRegistry(registry).party(from);
        _releaseForAgent(s, from, value, address(0));
        // value <= balance <= totalSupply, checked by _releaseForAgent.
        s.totalSupply -= value;
        s.move(from, address(0), fromId, bytes32(0), value);
    }

    /// @notice Investor-level burn (`burn`) or forced transfer to `to`: `value` taken across the listed wallets,
    /// which must hold the investor's whole position, so moving tokens between the investor's own wallets right
    /// before the agent's transaction cannot dodge it (checklist B7). One entry for both keeps the token small.
    function takeFromInvestor(
        TokenLedger.State storage s,
        address registry,
        bytes32 investorId,
        address[] calldata wallets,
        address to,
        uint256 value,
        bool burn_
    ) external {
        bytes32 toId;
        if (!burn_) {
            if (to == address(0)) revert IERC20Errors.ERC20InvalidReceiver(to);
            PackedInvestor toRecord;
            (toId, toRecord) = IIdentityRegistry(registry).party(to);
            if (!toRecord.isVerified() || s.accounts[to].has(Acct.FROZEN)) {
                revert ISecurityToken.SecurityTokenRecipientNotVerified(to);
            }
        }
        uint256[] memory takes = _planInvestorTake(s, registry, investorId, wallets, to, value);
        for (uint256 i; i < wallets.length; ++i) {
            if (takes[i] != 0) _takeFromWallet(s, wallets[i], to, investorId, toId, takes[i]);
        }
        if (burn_) {
            // value <= the investor's total <= totalSupply, checked by _planInvestorTake.
            s.totalSupply -= value;
            emit ISecurityToken.InvestorBurned(investorId, value);
        } else {
            emit ISecurityToken.InvestorForcedTransfer(investorId, to, value);
        }
    }

    /// @notice Moves a lost wallet's balance, frozen amount, freeze flag and lock-ups to a new verified wallet of the
    /// same investor. Two investors are never merged.
    function recover(TokenLedger.State storage s, address registry, address lost, address newWallet, address onchainId)
        external
    {
        if (lost == newWallet) revert ISecurityToken.SecurityTokenSameWallet(lost);
        PackedAccount lostAcct = s.accounts[lost];
        if (lostAcct.balance() == 0) revert ISecurityToken.SecurityTokenNothingToRecover(lost);
        _recoverBalance(s, registry, lost, newWallet, lostAcct.balance());
        _carryFreeze(s, lost, newWallet, lostAcct);
        emit IERC3643.RecoverySuccess(lost, newWallet, onchainId);
    }

    // =============================================================== freezes

    /// @notice Freezes or unfreezes a whole wallet.
    function setAddressFrozen(TokenLedger.State storage s, address wallet, bool freeze) public {
        s.accounts[wallet] = s.accounts[wallet].withFlag(Acct.FROZEN, freeze);
        emit IERC3643.AddressFrozen(wallet, freeze, msg.sender);
    }

    /// @notice Freezes or unfreezes whole wallets.
    function batchSetAddressFrozen(TokenLedger.State storage s, address[] calldata wallets, bool[] calldata freeze)
        external
    {
        if (freeze.length != wallets.length) revert ISecurityToken.SecurityTokenLengthMismatch();
        for (uint256 i; i < wallets.length; ++i) {
            setAddressFrozen(s, wallets[i], freeze[i]);
        }
    }

    /// @notice Freezes (`freeze`) or unfreezes an amount of a wallet.
    function changeFrozenTokens(TokenLedger.State storage s, address wallet, uint256 amount, bool freeze) public {
        if (freeze) _freeze(s, wallet, amount);
        else _unfreeze(s, wallet, amount);
    }

    /// @notice Freezes (`freeze`) or unfreezes amounts of wallets.
    function batchChangeFrozenTokens(
        TokenLedger.State storage s,
        address[] calldata wallets,
        uint256[] calldata amounts,
        bool freeze
    ) external {
        if (amounts.length != wallets.length) revert ISecurityToken.SecurityTokenLengthMismatch();
        for (uint256 i; i < wallets.length; ++i) {
            changeFrozenTokens(s, wallets[i], amounts[i], freeze);
        }
    }

    /// @notice ERC-7943: sets the absolute frozen amount of a wallet.
    function setFrozenTokens(TokenLedger.State storage s, address wallet, uint256 amount) external {
        uint256 frozen = s.accounts[wallet].frozen();
        if (amount > frozen) _freeze(s, wallet, amount - frozen);
        else if (amount < frozen) _unfreeze(s, wallet, frozen - amount);
        emit IERC7943Fungible.Frozen(wallet, amount);
    }

    // =============================================================== lock-ups

    /// @notice Records a lock-up on tokens just minted to `to`.
    function addLockup(TokenLedger.State storage s, address to, uint256 amount, uint40 releaseTime) external {
        ISecurityToken.Lockup[] storage lots = s.lockups[to];
        _pruneReleased(lots);
        if (lots.length >= TokenLedger.MAX_LOCKUPS) revert ISecurityToken.SecurityTokenTooManyLockups(to);
        // amount fits 104 bits: the mint capped the supply below 2^104.
        lots.push(ISecurityToken.Lockup({amount: uint104(amount), releaseTime: releaseTime}));
        PackedAccount acct = s.accounts[to];
        if (releaseTime > acct.lockedUntil()) s.accounts[to] = acct.withLockedUntil(releaseTime);
        emit ISecurityToken.TokensLocked(to, amount, releaseTime);
    }

    /// @notice The lock-ups of a wallet, ABI-encoded as `lockupsOf` returns them (the token returns these bytes as is).
    function encodedLockups(TokenLedger.State storage s, address wallet) external view returns (bytes memory) {
        return abi.encode(s.lockups[wallet]);
    }

    /// @notice Balance less frozen and locked tokens.
    function spendableBalanceOf(TokenLedger.State storage s, address wallet) external view returns (uint256) {
        PackedAccount acct = s.accounts[wallet];
        uint256 held = acct.frozen() + s.lockedAmount(wallet, acct.lockedUntil());
        return acct.balance() > held ? acct.balance() - held : 0;
    }

    // =============================================================== ERC-7943 eligibility views

    /// @notice Whether `account` may send at all: not paused, not frozen, and verified or liquidate-only.
    function canSend(TokenLedger.State storage s, address registry, address account) external view returns (bool) {
        if (s.config.flags() & TokenLedger.PAUSED != 0 || s.accounts[account].has(Acct.FROZEN)) return false;
        (, PackedInvestor record) = IIdentityRegistry(registry).party(account);
        return record.canSend();
    }

    /// @notice Whether `account` may receive at all: verified, not liquidate-only, not frozen, and passing the
    /// country and accreditation rules (caps depend on the amount and are not considered).
    function canReceive(TokenLedger.State storage s, address registry, address account) external view returns (bool) {
        if (account == address(0) || s.accounts[account].has(Acct.FROZEN)) return false;
        (, PackedInvestor record) = IIdentityRegistry(registry).party(account);
        if (!record.isVerified()) return false;
        // The same country and accreditation rules as SecurityToken._ruleCode, which keeps its own copy: sharing
        // one function through the ledger's storage pointer costs every transfer 8 gas.
        uint256 config = s.config;
        uint8 f = config.flags();
        if (f & (TokenLedger.COUNTRY_ALLOW | TokenLedger.COUNTRY_DENY) != 0) {
            bool listed = s.countryListed(config, record.country());
            if (f & TokenLedger.COUNTRY_ALLOW != 0 ? !listed : listed) return false;
        }
        return f & TokenLedger.ACCREDITED_ONLY == 0 || record.flags() & InvestorFlags.ACCREDITED != 0;
    }

    // =============================================================== rules and agents

    /// @notice Sets the country rule mode: 0 none, 1 allow-list, 2 deny-list.
    function setCountryMode(TokenLedger.State storage s, uint8 mode) public {
        if (mode > 2) revert ISecurityToken.SecurityTokenInvalidCountryMode(mode);
        s.config = s.config.withFlag(TokenLedger.COUNTRY_ALLOW, mode == 1).withFlag(TokenLedger.COUNTRY_DENY, mode == 2);
        emit ISecurityToken.CountryModeSet(mode);
    }

    /// @notice Adds countries to, or removes them from, the country list.
    function setCountriesListed(TokenLedger.State storage s, uint16[] memory countries, bool listed) public {
        for (uint256 i; i < countries.length; ++i) {
            uint16 c = countries[i];
            if (c == 0 || c > TokenLedger.MAX_COUNTRY) revert ISecurityToken.SecurityTokenInvalidCountry(c);
            uint256 bit = uint256(1) << (c & 0xff);
            if (listed) s.countryBits[c >> 8] |= bit;
            else s.countryBits[c >> 8] &= ~bit;
        }
        s.config = s.withInlineCountries(s.config);
        emit ISecurityToken.CountriesListed(countries, listed);
    }

    /// @notice Requires recipients to be accredited (or not).
    function setAccreditedOnly(TokenLedger.State storage s, bool accreditedOnly) public {
        s.config = s.config.withFlag(TokenLedger.ACCREDITED_ONLY, accreditedOnly);
        emit ISecurityToken.AccreditedOnlySet(accreditedOnly);
    }

    /// @notice Caps the number of investors (0: no cap).
    function setMaxInvestors(TokenLedger.State storage s, uint32 maxInvestors) public {
        s.config = s.config.withMaxInvestors(maxInvestors);
        emit ISecurityToken.MaxInvestorsSet(maxInvestors);
    }

    /// @notice Caps the balance per investor (0: no cap).
    function setMaxBalance(TokenLedger.State storage s, uint256 maxBalance) public {
        if (maxBalance > type(uint128).max) revert ISecurityToken.SecurityTokenInvalidMaxBalance(maxBalance);
        s.config = s.config.withMaxBalance(uint128(maxBalance));
        emit ISecurityToken.MaxBalanceSet(maxBalance);
    }

    /// @notice Grants exactly `permissions` to `agent`.
    function setPermissions(TokenLedger.State storage s, address agent, uint16 permissions) public {
        if (agent == address(0)) revert ISecurityToken.SecurityTokenInvalidWallet(agent);
        // `~uint16(ALL)`, not `~ALL`: solc 0.8.28's SMTChecker stops with an internal error on the negation of a named
        // constant (solidity#15600, fixed in 0.8.29). Same bytecode either way.
        if (permissions & ~uint16(AgentPermissions.ALL) != 0) revert ISecurityToken.SecurityTokenInvalidPermissions(permissions);
        uint16 before = s.permissions[agent];
        s.permissions[agent] = permissions;
        if (before == 0 && permissions != 0) emit IAgentRole.AgentAdded(agent);
        if (before != 0 && permissions == 0) emit IAgentRole.AgentRemoved(agent);
        emit ISecurityToken.AgentPermissionsSet(agent, permissions);
    }

    /// @notice The token's rules, with the listed countries, ABI-encoded as `rules` returns them (the token returns
    /// these bytes as is).
    function encodedRules(TokenLedger.State storage s) external view returns (bytes memory) {
        return abi.encode(_rules(s));
    }

    function _rules(TokenLedger.State storage s) private view returns (ISecurityToken.Rules memory r) {
        uint256 config = s.config;
        uint8 f = config.flags();
        r.countryMode = f & TokenLedger.COUNTRY_ALLOW != 0 ? 1 : (f & TokenLedger.COUNTRY_DENY != 0 ? 2 : 0);
        r.accreditedOnly = f & TokenLedger.ACCREDITED_ONLY != 0;
        r.maxInvestors = config.maxInvestors();
        r.maxBalance = config.maxBalance();
        uint256 n;
        for (uint16 c = 1; c <= TokenLedger.MAX_COUNTRY; ++c) {
            if (s.isListed(c)) ++n;
        }
        r.countries = new uint16[](n);
        n = 0;
        for (uint16 c = 1; c <= TokenLedger.MAX_COUNTRY; ++c) {
            if (s.isListed(c)) {
                r.countries[n] = c;
                ++n;
            }
        }
    }

    /// @notice ERC-1404 message of a restriction code.
    function message(uint8 code) external pure returns (string memory) {
        return RestrictionCodes.message(code);
    }

    // =============================================================== documents (ERC-1643)

    /// @notice Adds or replaces a document.
    function setDocument(Documents storage d, bytes32 name, string memory uri, bytes32 documentHash) public {
        if (name == bytes32(0) || bytes(uri).length == 0) revert ISecurityToken.SecurityTokenInvalidDocument(name);
        Document storage doc = d.byName[name];
        if (doc.position == 0) {
            if (d.names.length >= _MAX_DOCUMENTS) revert ISecurityToken.SecurityTokenTooManyDocuments();
            d.names.push(name);
            doc.position = uint32(d.names.length);
        }
        doc.uri = uri;
        doc.documentHash = documentHash;
        doc.lastModified = uint64(block.timestamp);
        emit IERC1643.DocumentUpdated(name, uri, documentHash);
    }

    /// @notice A document as `getDocument` returns it, ABI-encoded (the token returns these bytes as is).
    function encodedDocument(Documents storage d, bytes32 name) external view returns (bytes memory) {
        Document storage doc = d.byName[name];
        return abi.encode(doc.uri, doc.documentHash, uint256(doc.lastModified));
    }

    /// @notice The document names as `getAllDocuments` returns them, ABI-encoded (the token returns these bytes as is).
    function encodedDocumentNames(Documents storage d) external view returns (bytes memory) {
        return abi.encode(d.names);
    }

    /// @notice Removes a document.
    function removeDocument(Documents storage d, bytes32 name) external {
        Document storage doc = d.byName[name];
        uint256 position = doc.position;
        if (position == 0) revert ISecurityToken.SecurityTokenUnknownDocument(name);
        string memory uri = doc.uri;
        bytes32 documentHash = doc.documentHash;
        bytes32 last = d.names[d.names.length - 1];
        d.names[position - 1] = last;
        d.byName[last].position = uint32(position);
        d.names.pop();
        delete d.byName[name];
        emit IERC1643.DocumentRemoved(name, uri, documentHash);
    }

    // =============================================================== internals

    function _recoverBalance(TokenLedger.State storage s, address registry, address lost, address newWallet, uint256 amount)
        private
    {
        (bytes32 fromId,, bytes32 toId, PackedInvestor toRecord) = IIdentityRegistry(registry).parties(lost, newWallet);
        if (!toRecord.isVerified()) revert ISecurityToken.SecurityTokenRecipientNotVerified(newWallet);
        if (fromId != toId) revert ISecurityToken.SecurityTokenNotSameInvestor(lost, newWallet);
        {
            uint256 lockedMoved = _moveLockups(s, lost, newWallet);
            if (lockedMoved != 0) emit ISecurityToken.LockupsMoved(lost, newWallet, lockedMoved);
        }
        s.move(lost, newWallet, fromId, toId, amount);
    }

    /// @dev Frozen tokens and the freeze flag follow the balance: new frozen <= old frozen + moved <= new balance.
    function _carryFreeze(TokenLedger.State storage s, address lost, address newWallet, PackedAccount lostAcct) private {
        uint256 frozen = lostAcct.frozen();
        bool wasFrozen = lostAcct.has(Acct.FROZEN);
        PackedAccount newAcct = s.accounts[newWallet];
        bool newWasFrozen = newAcct.has(Acct.FROZEN);
        s.accounts[newWallet] =
            newAcct.withFrozen(newAcct.frozen() + frozen).withFlag(Acct.FROZEN, wasFrozen || newWasFrozen);
        s.accounts[lost] = s.accounts[lost].withFrozen(0).withFlag(Acct.FROZEN, false);
        if (frozen != 0) {
            emit IERC3643.TokensUnfrozen(lost, frozen);
            emit IERC3643.TokensFrozen(newWallet, frozen);
        }
        if (wasFrozen) {
            emit IERC3643.AddressFrozen(lost, false, msg.sender);
            if (!newWasFrozen) emit IERC3643.AddressFrozen(newWallet, true, msg.sender);
        }
    }

    /// @dev Agent movements may take frozen and locked tokens: unfreeze only the shortfall, and shrink lock-ups so
    /// that no more than what stays unfrozen remains locked. With `carryTo` (another wallet of the same investor, which
    /// is about to receive `value`) nothing is released: the frozen shortfall is frozen on `carryTo` and the lock-ups
    /// `from` can no longer cover move there with their release times, so the investor's frozen and locked totals stay
    /// the same and an agent without the freeze permission cannot release them by moving them between the wallets.
    function _releaseForAgent(TokenLedger.State storage s, address from, uint256 value, address carryTo) private {
        PackedAccount acct = s.accounts[from];
        uint256 balance = acct.balance();
        if (value > balance) revert IERC20Errors.ERC20InsufficientBalance(from, balance, value);
        uint256 remaining = balance - value;
        uint256 frozen = acct.frozen();
        if (frozen > remaining) {
            s.accounts[from] = acct.withFrozen(remaining);
            emit IERC3643.TokensUnfrozen(from, frozen - remaining);
            if (carryTo != address(0)) {
                // At most `value` (frozen <= balance), which `carryTo` receives right after: frozen stays <= balance.
                PackedAccount toAcct = s.accounts[carryTo];
                s.accounts[carryTo] = toAcct.withFrozen(toAcct.frozen() + frozen - remaining);
                emit IERC3643.TokensFrozen(carryTo, frozen - remaining);
            }
            frozen = remaining;
        }
        if (acct.lockedUntil() > block.timestamp) {
            // What `carryTo` takes on stays within what it receives: value less the frozen part carried.
            _trimLockups(s, from, acct.lockedUntil(), remaining - frozen, carryTo, value - (acct.frozen() - frozen));
        }
    }

    function _takeFromWallet(
        TokenLedger.State storage s,
        address from,
        address to,
        bytes32 fromId,
        bytes32 toId,
        uint256 value
    ) private {
        // A seizure onto another wallet of the same investor carries frozen and locked tokens across.
        _releaseForAgent(s, from, value, fromId == toId ? to : address(0));
        s.move(from, to, fromId, toId, value);
        if (to != address(0)) emit IERC7943Fungible.ForcedTransfer(from, to, value);
    }

    /// @dev Checks the listed wallets against the ledger's total for the investor and splits `value` among them:
    /// unfrozen tokens first, in list order, then frozen ones, so the investor's tokens are unfrozen only as far as
    /// the amount needs.
    function _planInvestorTake(
        TokenLedger.State storage s,
        address registry,
        bytes32 investorId,
        address[] calldata wallets,
        address to,
        uint256 value
    ) private view returns (uint256[] memory takes) {
        uint256 total;
        if (investorId != bytes32(0)) total = s.positionTotal(investorId, s.positions[investorId]);
        if (total == 0) revert ISecurityToken.SecurityTokenUnknownInvestor(investorId);
        uint256 n = wallets.length;
        takes = new uint256[](n);
        uint256 listed;
        uint256 remaining = value;
        for (uint256 i; i < n; ++i) {
            address wallet = wallets[i];
            // The registry's attribution (linked or formerly linked) is the one the ledger's totals are keyed on.
            (bytes32 id,) = IIdentityRegistry(registry).party(wallet);
            if (id != investorId) revert ISecurityToken.SecurityTokenWalletNotOfInvestor(wallet, investorId);
            // A wallet listed twice would count twice toward the position and hide an unlisted one.
            for (uint256 j; j < i; ++j) {
                if (wallets[j] == wallet) revert ISecurityToken.SecurityTokenDuplicateWallet(wallet);
            }
            // Seizing onto a listed wallet would be a self-transfer that hides an unfreeze (B3).
            if (wallet == to) revert ISecurityToken.SecurityTokenSameWallet(wallet);
            PackedAccount acct = s.accounts[wallet];
            listed += acct.balance();
            uint256 unfrozen = acct.balance() - acct.frozen();
            uint256 take = unfrozen < remaining ? unfrozen : remaining;
            takes[i] = take;
            remaining -= take;
        }
        if (listed != total) revert ISecurityToken.SecurityTokenIncompletePosition(investorId, listed, total);
        if (value > total) revert ISecurityToken.SecurityTokenInvestorBalanceTooLow(investorId, total, value);
        for (uint256 i; i < n && remaining != 0; ++i) {
            uint256 left = s.accounts[wallets[i]].balance() - takes[i];
            uint256 take = left < remaining ? left : remaining;
            takes[i] += take;
            remaining -= take;
        }
    }

    function _freeze(TokenLedger.State storage s, address wallet, uint256 amount) private {
        PackedAccount acct = s.accounts[wallet];
        uint256 frozen = acct.frozen();
        unchecked {
            // Saturates where the sum would overflow (the test guards the sum), so an amount near 2^256 gets the error
            // below, not a panic; unchecked, a freeze costs 27 gas less than with the checked sum.
            frozen = amount > type(uint256).max - frozen ? type(uint256).max : frozen + amount;
        }
        if (frozen > acct.balance()) {
            revert ISecurityToken.SecurityTokenFreezeExceedsBalance(wallet, frozen, acct.balance());
        }
        s.accounts[wallet] = acct.withFrozen(frozen);
        emit IERC3643.TokensFrozen(wallet, amount);
    }

    function _unfreeze(TokenLedger.State storage s, address wallet, uint256 amount) private {
        PackedAccount acct = s.accounts[wallet];
        uint256 frozen = acct.frozen();
        if (amount > frozen) revert ISecurityToken.SecurityTokenUnfreezeExceedsFrozen(wallet, amount, frozen);
        s.accounts[wallet] = acct.withFrozen(frozen - amount);
        emit IERC3643.TokensUnfrozen(wallet, amount);
    }

    /// @dev Shrinks unreleased lock-ups, latest first, until at most `maxLocked` stays locked. With `carryTo`, what is
    /// cut is locked again on `carryTo` with the same release times, up to `carryCap` in all.
    function _trimLockups(
        TokenLedger.State storage s,
        address wallet,
        uint40 lockedUntil,
        uint256 maxLocked,
        address carryTo,
        uint256 carryCap
    ) private {
        uint256 locked = s.lockedAmount(wallet, lockedUntil);
        if (locked <= maxLocked) return;
        uint256 excess = locked - maxLocked;
        ISecurityToken.Lockup[] storage lots = s.lockups[wallet];
        ISecurityToken.Lockup[] storage dst = s.lockups[carryTo];
        uint256 carried;
        uint40 until;
        if (carryTo != address(0)) {
            _pruneReleased(dst);
            until = s.accounts[carryTo].lockedUntil();
        }
        for (uint256 i = lots.length; i > 0 && excess > 0; --i) {
            ISecurityToken.Lockup storage lot = lots[i - 1];
            if (lot.releaseTime <= block.timestamp) continue;
            uint256 cut = lot.amount < excess ? lot.amount : excess;
            lot.amount -= uint104(cut);
            excess -= cut;
            if (carryTo == address(0) || carried == carryCap || cut == 0) continue;
            uint256 take = cut < carryCap - carried ? cut : carryCap - carried;
            if (dst.length >= TokenLedger.MAX_LOCKUPS) revert ISecurityToken.SecurityTokenTooManyLockups(carryTo);
            // take <= cut, which fitted the lot's 104 bits.
            dst.push(ISecurityToken.Lockup({amount: uint104(take), releaseTime: lot.releaseTime}));
            carried += take;
            if (lot.releaseTime > until) until = lot.releaseTime;
        }
        if (carried != 0) {
            s.accounts[carryTo] = s.accounts[carryTo].withLockedUntil(until);
            emit ISecurityToken.LockupsMoved(wallet, carryTo, carried);
        }
    }

    function _pruneReleased(ISecurityToken.Lockup[] storage lots) private {
        uint256 i;
        while (i < lots.length) {
            if (lots[i].releaseTime <= block.timestamp || lots[i].amount == 0) {
                lots[i] = lots[lots.length - 1];
                lots.pop();
            } else {
                ++i;
            }
        }
    }

    /// @dev Moves the unreleased lock-ups of `from` to `to`; returns the amount still locked.
    function _moveLockups(TokenLedger.State storage s, address from, address to) private returns (uint256 moved) {
        PackedAccount fromAcct = s.accounts[from];
        if (fromAcct.lockedUntil() > block.timestamp) {
            ISecurityToken.Lockup[] storage src = s.lockups[from];
            ISecurityToken.Lockup[] storage dst = s.lockups[to];
            _pruneReleased(dst);
            uint40 until = s.accounts[to].lockedUntil();
            for (uint256 i; i < src.length; ++i) {
                ISecurityToken.Lockup memory lot = src[i];
                if (lot.releaseTime <= block.timestamp || lot.amount == 0) continue;
                if (dst.length >= TokenLedger.MAX_LOCKUPS) revert ISecurityToken.SecurityTokenTooManyLockups(to);
                dst.push(lot);
                moved += lot.amount;
                if (lot.releaseTime > until) until = lot.releaseTime;
            }
            s.accounts[to] = s.accounts[to].withLockedUntil(until);
        }
        delete s.lockups[from];
        s.accounts[from] = fromAcct.withLockedUntil(0);
    }
}
