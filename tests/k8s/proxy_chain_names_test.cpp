// SHA-256 against the NIST FIPS 180-4 example vectors, base32 against RFC 4648 section 10, and
// kube-proxy's chain names against names that appear in upstream proxier_test.go.

#include <catch2/catch.hpp>
#include <string>

#include "models/k8s/proxy/base32.h"
#include "models/k8s/proxy/chain_names.h"
#include "models/k8s/proxy/sha256.h"

namespace ekssim::k8s {
namespace {

std::string hex(const Sha256Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (const uint8_t byte : digest) {
    text.push_back(kDigits[byte >> 4]);
    text.push_back(kDigits[byte & 15]);
  }
  return text;
}

std::string base32(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  return base32_encode(std::span<const uint8_t>(bytes, text.size()));
}

TEST_CASE("SHA-256 gives the NIST example digests", "[proxy][sha256]") {
  CHECK(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hex(sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmno"
                   "pqklmnopqrlmnopqrsmnopqrstnopqrstu")) ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("SHA-256 of a million 'a's fed in uneven pieces matches NIST", "[proxy][sha256]") {
  Sha256 hash;
  const std::string piece(997, 'a');
  size_t fed = 0;
  while (fed + piece.size() <= 1'000'000) {
    hash.update(piece);
    fed += piece.size();
  }
  hash.update(std::string(1'000'000 - fed, 'a'));
  CHECK(hex(hash.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Base32 gives the RFC 4648 test vectors", "[proxy][base32]") {
  CHECK(base32("") == "");
  CHECK(base32("f") == "MY======");
  CHECK(base32("fo") == "MZXQ====");
  CHECK(base32("foo") == "MZXW6===");
  CHECK(base32("foob") == "MZXW6YQ=");
  CHECK(base32("fooba") == "MZXW6YTB");
  CHECK(base32("foobar") == "MZXW6YTBOI======");
}

TEST_CASE("A base32 prefix is the start of the full encoding", "[proxy][base32]") {
  const Sha256Digest digest = sha256("abc");
  std::array<char, 16> prefix;
  base32_encode_prefix(digest, prefix);
  CHECK(std::string(prefix.data(), prefix.size()) == base32_encode(digest).substr(0, 16));
}

TEST_CASE("Chain names match the ones pinned by upstream proxier_test.go", "[proxy][chains]") {
  const ChainHash svc1 = port_proto_hash("ns1/svc1:p80", "tcp");
  CHECK(chain_name(ChainKind::kSvc, svc1) == "KUBE-SVC-XPGD46QRK7WJZT7O");
  CHECK(chain_name(ChainKind::kSep, endpoint_chain_hash("ns1/svc1:p80", "tcp", "10.180.0.1:80")) ==
        "KUBE-SEP-SXIVWICOYRO3J4NJ");
  // TestOverallIPTablesRules: one hash shared by the SVC, SVL, EXT and FW chains of a port.
  const ChainHash svc2 = port_proto_hash("ns2/svc2:p80", "tcp");
  CHECK(chain_name(ChainKind::kSvl, svc2) == "KUBE-SVL-GNZBNJ2PO5MGZ6GT");
  CHECK(chain_name(ChainKind::kExt, svc2) == "KUBE-EXT-GNZBNJ2PO5MGZ6GT");
  CHECK(chain_name(ChainKind::kFw, port_proto_hash("ns5/svc5:p80", "tcp")) ==
        "KUBE-FW-NUKIZ6OKUXPJNT4C");
  CHECK(chain_name(ChainKind::kSep, endpoint_chain_hash("ns5/svc5:p80", "tcp", "10.180.0.3:80")) ==
        "KUBE-SEP-I77PXRDZVX7PMWMN");
  // TestSyncProxyRulesRepeated and TestSyncProxyRulesLargeClusterMode.
  CHECK(chain_name(ChainKind::kSvc, port_proto_hash("ns2/svc2:p8080", "tcp")) ==
        "KUBE-SVC-2VJB64SDSIJUP5T6");
  CHECK(chain_name(ChainKind::kSep,
                   endpoint_chain_hash("ns3/svc3:p8081", "tcp", "203.0.113.4:8081")) ==
        "KUBE-SEP-RUVVH7YV3PHQBDOS");
  CHECK(chain_name(ChainKind::kSvc, port_proto_hash("ns4/svc4:p8082", "tcp")) ==
        "KUBE-SVC-EBDQOQU5SJFXRIL3");
  // Names every cluster has, as seen in iptables-save dumps of live clusters.
  CHECK(chain_name(ChainKind::kSvc, port_proto_hash("kube-system/kube-dns:dns", "udp")) ==
        "KUBE-SVC-TCOU7JCQXEZGVUNU");
  CHECK(chain_name(ChainKind::kSvc, port_proto_hash("kube-system/kube-dns:dns-tcp", "tcp")) ==
        "KUBE-SVC-ERIFXISQEP7F7OF4");
  CHECK(chain_name(ChainKind::kSvc, port_proto_hash("kube-system/kube-dns:metrics", "tcp")) ==
        "KUBE-SVC-JD5MR3NA4I4DYORP");
  CHECK(chain_name(ChainKind::kSvc, port_proto_hash("default/kubernetes:https", "tcp")) ==
        "KUBE-SVC-NPX46M4PTMTKRN6Y");
  // The protocol is part of the hash: the UDP twin of a port gets another chain.
  CHECK(port_proto_hash("ns1/svc1:p80", "udp") != svc1);
}

}  // namespace
}  // namespace ekssim::k8s
