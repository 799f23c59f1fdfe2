// The `keccak` package (cryptocoinjs, native bindings with prebuilt binaries) ships no types: the part Folio uses.
declare module "keccak" {
  interface KeccakHash {
    update(data: Buffer): KeccakHash;
    digest(): Buffer;
  }
  export default function createKeccakHash(algorithm: "keccak256"): KeccakHash;
}
