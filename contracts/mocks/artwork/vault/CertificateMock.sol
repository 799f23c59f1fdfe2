// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title CertificateMock
/// @notice A plain OpenZeppelin ERC-721 standing in for the artwork certificate in the vault's tests.
contract CertificateMock is ERC721 {
    constructor() ERC721("Certificate Mock", "CERT") {}

    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
