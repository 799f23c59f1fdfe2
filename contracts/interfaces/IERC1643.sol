// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-1643 document management (as in the SecurityTokenStandard spec)
interface IERC1643 {
    event DocumentRemoved(bytes32 indexed _name, string _uri, bytes32 _documentHash);
    event DocumentUpdated(bytes32 indexed _name, string _uri, bytes32 _documentHash);

    /// @notice A document's URI, content hash and last modification time.
    function getDocument(bytes32 _name) external view returns (string memory, bytes32, uint256);

    /// @notice Adds or replaces a document.
    function setDocument(bytes32 _name, string calldata _uri, bytes32 _documentHash) external;

    /// @notice Removes a document.
    function removeDocument(bytes32 _name) external;

    /// @notice Names of every document attached.
    function getAllDocuments() external view returns (bytes32[] memory);
}
