// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title PlainERC721
/// @notice OpenZeppelin's plain ERC-721 with an open `_safeMint`: the baseline of the artwork gas benchmark. Never
/// deployed.
contract PlainERC721 is ERC721 {
    constructor() ERC721("Plain", "PLN") {}

    /// @notice Mints `tokenId` to `to` with OpenZeppelin's `_safeMint` (benchmark only).
    function safeMint(address to, uint256 tokenId) external {
        _safeMint(to, tokenId);
    }
}
