import Foundation
import Scenarios
import Testing

/// The hashes recorded in manifests, baselines and sweep plans (OpenSSL's libcrypto).
@Suite struct SHA256Tests {
    /// The examples of FIPS 180-4 (NIST's "SHA-256" example values) and the empty message.
    @Test func knownTestVectors() {
        #expect(SourceFile.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SourceFile.sha256(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SourceFile.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SourceFile.sha256(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
