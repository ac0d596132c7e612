// The ClusterConfig's top level: metadata, the network settings eksctl passes to EKS, IAM for the
// CNI, the add-ons' configurationValues, and what is skipped or refused.

#include "tools/import/eksctl.h"

#include <fmt/format.h>

#include <regex>

#include "tools/import/eksctl_parts.h"
#include "tools/scenario/env_vars.h"

namespace ekssim::import {
namespace {

// Keys that change nothing ekssim models: skipped with one note each.
const std::vector<std::string> kSkippedKeys = {"cloudWatch",
                                               "fargateProfiles",
                                               "gitops",
                                               "git",
                                               "karpenter",
                                               "secretsEncryption",
                                               "identityProviders",
                                               "accessConfig",
                                               "iamIdentityMappings",
                                               "outpost",
                                               "zonalShiftConfig",
                                               "addonsConfig",
                                               "autoModeConfig",
                                               "capabilities"};
const std::vector<std::string> kKnownKeys = {"apiVersion",
                                             "kind",
                                             "metadata",
                                             "vpc",
                                             "availabilityZones",
                                             "kubernetesNetworkConfig",
                                             "nodeGroups",
                                             "managedNodeGroups",
                                             "addons",
                                             "iam",
                                             "privateCluster",
                                             "remoteNetworkConfig"};

// Placeholders that templates and documentation ship in real files: ${AWS_REGION}, $(SUBNET_1),
// <generated>, <your-vpc-id>.
void check_placeholders(const YAML::Node& node, const EksctlContext& c) {
  static const std::regex kPlaceholder(R"((\$\{[^}]*\}|\$\([^)]*\)|<[A-Za-z][^<>]*>))");
  if (node.IsScalar()) {
    std::smatch m;
    const std::string& s = node.Scalar();
    if (std::regex_search(s, m, kPlaceholder)) {
      c.error(node, fmt::format("placeholder '{}' left in the file", m.str(1)),
              "the value it stands for (fill the template in first, e.g. with envsubst)");
    }
  }
  if (node.IsMap()) {
    for (const auto& pair : node)
      check_placeholders(pair.second, c);
  } else if (node.IsSequence()) {
    for (const auto& item : node)
      check_placeholders(item, c);
  }
}

void unsupported(const EksctlContext& c) {
  if (auto family = field(c.root, {"kubernetesNetworkConfig", "ipFamily"});
      family && family->Scalar() == "IPv6") {
    c.error(*family, "ipFamily IPv6 is not modelled: ekssim simulates IPv4 clusters only",
            "ipFamily: IPv4 (or no ipFamily)");
  }
  if (auto remote = field(c.root, {"remoteNetworkConfig"})) {
    c.error(*remote, "remoteNetworkConfig (hybrid nodes on remote networks) is not modelled",
            "a cluster of EC2 node groups, without remoteNetworkConfig");
  }
}

void metadata(EksctlContext& c) {
  Doc& cluster = c.out.cluster;
  if (auto name = field(c.root, {"metadata", "name"})) {
    c.cluster_name = name->Scalar();
    cluster.set("name", c.value(*name, "metadata.name"));
  } else {
    c.error(c.root, "ClusterConfig without metadata.name", "metadata.name: the cluster's name");
  }
  if (auto region = field(c.root, {"metadata", "region"})) {
    c.region = region->Scalar();
    cluster.set("region", c.value(*region, "metadata.region"));
  } else {
    c.error(c.root, "ClusterConfig without metadata.region", "metadata.region such as us-west-2");
  }
  if (auto version = field(c.root, {"metadata", "version"}))
    cluster.set("version", c.value(*version, "metadata.version"));
  if (auto cidr = field(c.root, {"kubernetesNetworkConfig", "serviceIPv4CIDR"}))
    cluster.set("serviceIpv4Cidr", c.value(*cidr, "kubernetesNetworkConfig.serviceIPv4CIDR"));
  c.cluster_group = "eks-cluster-sg-" + c.cluster_name;
}

// pkg/apis/eksctl.io/v1alpha5
// SetClusterConfigDefaults/IAMServiceAccountsWithImplicitServiceAccounts: withOIDC without a
// vpc-cni add-on gives aws-node an IRSA role with AmazonEKS_CNI_Policy, and
// pkg/cfn/builder/iam_helper.go makeManagedPolicies then leaves that policy off the node roles.
void iam(EksctlContext& c, bool vpc_cni_addon) {
  const bool oidc = text_field(c.root, {"iam", "withOIDC"}).value_or("false") == "true";
  if (!oidc) return;
  c.cni_policy_on_nodes = false;
  std::string note = "eksctl iam.withOIDC: aws-node's IRSA role (AmazonEKS_CNI_Policy)";
  if (auto accounts = field(c.root, {"iam", "serviceAccounts"});
      accounts && accounts->IsSequence()) {
    for (const YAML::Node& sa : *accounts) {
      if (text_field(sa, {"metadata", "name"}).value_or("") == "aws-node")
        note = "eksctl iam.serviceAccounts[aws-node]";
    }
  }
  if (vpc_cni_addon) note = "eksctl addons[vpc-cni] with iam.withOIDC";
  Doc role = Doc::map();
  role.set("name", Doc::quoted("aws-node-irsa"));
  Doc policies = Doc::list();
  policies.push(Doc::quoted("AmazonEKS_CNI_Policy"));
  role.set("policies", std::move(policies));
  role.note = note;
  Doc& roles = c.out.cluster.child("iam");
  if (!roles.find("roles")) roles.set("roles", Doc::list());
  roles.find("roles")->push(std::move(role));
  c.out.cluster.child("addons").child("vpcCni").set("serviceAccountRole",
                                                    Doc::quoted("aws-node-irsa").with_note(note));
}

void vpc_cni_values(EksctlContext& c, const YAML::Node& values_node) {
  YAML::Node values;
  try {
    values = YAML::Load(values_node.Scalar());
  } catch (const YAML::Exception& e) {
    c.error(values_node, "configurationValues of vpc-cni is not JSON or YAML: " + e.msg,
            "a JSON or YAML object such as {\"env\": {\"WARM_IP_TARGET\": \"5\"}}");
    return;
  }
  const auto& known = scenario::known_vpc_cni_env();
  if (auto env = field(values, {"env"}); env && env->IsMap()) {
    for (const auto& pair : *env) {
      const std::string name = pair.first.Scalar();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        c.log.note("vpc-cni configurationValues env " + name +
                   ": no effect in ekssim, not imported");
        continue;
      }
      c.out.cluster.child("addons").child("vpcCni").child("env").set(
          name, Doc::quoted(pair.second.Scalar())
                    .with_note("eksctl addons[vpc-cni].configurationValues env")
                    .at(c.at(values_node)));
    }
  }
  if (auto subnets = field(values, {"eniConfig", "subnets"}); subnets && subnets->IsMap()) {
    Doc& cni = c.out.cluster.child("addons").child("vpcCni");
    if (!cni.find("eniConfigs")) cni.set("eniConfigs", Doc::list());
    for (const auto& pair : *subnets) {
      Doc config = Doc::map();
      config.note = "eksctl addons[vpc-cni].configurationValues eniConfig";
      config.origin = c.at(values_node);
      config.set("name", Doc::quoted(pair.first.Scalar()));
      const std::string id = text_field(pair.second, {"id"}).value_or("");
      const auto named = c.out.subnet_names.find(id);
      config.set("subnet", Doc::quoted(named == c.out.subnet_names.end() ? id : named->second));
      if (auto groups = field(pair.second, {"securityGroups"}); groups && groups->IsSequence()) {
        Doc list = Doc::list();
        for (const YAML::Node& g : *groups)
          list.push(Doc::quoted(g.Scalar()));
        config.set("securityGroups", std::move(list));
      }
      cni.find("eniConfigs")->push(std::move(config));
    }
  }
}

// addons[]: vpc-cni's and coredns's configurationValues (a JSON or YAML string, as the EKS API
// takes it); kube-proxy and others are noted.
bool addons(EksctlContext& c) {
  bool vpc_cni = false;
  const auto list = field(c.root, {"addons"});
  if (!list || !list->IsSequence()) return false;
  for (const YAML::Node& addon : *list) {
    const std::string name = text_field(addon, {"name"}).value_or("");
    const auto values = field(addon, {"configurationValues"});
    if (name == "vpc-cni") {
      vpc_cni = true;
      if (values) vpc_cni_values(c, *values);
    } else if (name == "coredns" && values) {
      try {
        const YAML::Node parsed = YAML::Load(values->Scalar());
        if (auto replicas = field(parsed, {"replicaCount"})) {
          c.out.cluster.child("addons").child("coredns").set(
              "replicas", Doc::plain(replicas->Scalar())
                              .with_note("eksctl addons[coredns].configurationValues replicaCount")
                              .at(c.at(*values)));
        }
      } catch (const YAML::Exception& e) {
        c.error(*values, "configurationValues of coredns is not JSON or YAML: " + e.msg,
                "a JSON or YAML object such as {\"replicaCount\": 3}");
      }
    } else if (!name.empty() && name != "coredns") {
      c.log.note("eksctl addons[" + name + "]: " +
                 (name == "kube-proxy" ? std::string("kube-proxy runs with its defaults")
                                       : std::string("not modelled")));
    }
  }
  return vpc_cni;
}

void skipped_keys(const EksctlContext& c) {
  for (const auto& pair : c.root) {
    const std::string key = pair.first.Scalar();
    if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key) != kKnownKeys.end()) continue;
    const bool known_skip =
        std::find(kSkippedKeys.begin(), kSkippedKeys.end(), key) != kSkippedKeys.end();
    c.log.note(fmt::format("eksctl {} skipped: {}", key,
                           known_skip ? "it does not change the cluster's networking"
                                      : "not read by ekssim's import"));
  }
}

}  // namespace

Doc EksctlContext::value(const YAML::Node& node, const std::string& f, bool quoted) const {
  Doc d = quoted ? Doc::quoted(node.Scalar()) : Doc::plain(node.Scalar());
  d.note = "eksctl " + f;
  d.origin = at(node);
  return d;
}

void import_eksctl(const std::string& path, const Origin& named_at, Imported& out, ImportLog& log) {
  if (expand_paths({{path, named_at}}, log).empty()) return;  // missing: located at from.eksctl
  const auto text = read_file(path, log);
  if (!text) return;
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    log.error(Origin{path, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + e.msg,
              "an eksctl ClusterConfig");
    return;
  }
  EksctlContext c(path, log, out, root);
  if (!root.IsMap() || text_field(root, {"kind"}).value_or("") != "ClusterConfig" ||
      !text_field(root, {"apiVersion"}).value_or("").starts_with("eksctl.io/")) {
    c.error(root, "not an eksctl ClusterConfig",
            "apiVersion: eksctl.io/v1alpha5 and kind: ClusterConfig");
    return;
  }
  check_placeholders(root, c);
  unsupported(c);
  if (log.failed()) return;
  metadata(c);
  import_eksctl_vpc(c);
  iam(c, addons(c));
  import_eksctl_node_groups(c);
  skipped_keys(c);
}

}  // namespace ekssim::import
