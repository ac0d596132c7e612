// nodeGroups (self-managed) and managedNodeGroups to ekssim node groups.
//   Defaults (pkg/apis/eksctl.io/v1alpha5 defaults.go, types.go): instanceType m5.large
//     (DefaultNodeType), desiredCapacity 2 (DefaultNodeCount), minSize and maxSize the desired
//     count; labels alpha.eksctl.io/cluster-name and alpha.eksctl.io/nodegroup-name
//     (setDefaultNodeLabels); securityGroups.withShared and withLocal on (SetNodeGroupDefaults).
//   Subnets: `subnets` (aliases, zones or ids), else the cluster's zones (or the group's
//     availabilityZones), public ones unless privateNetworking.
//   Instance types: instanceTypes or instancesDistribution.instanceTypes: the first is used.
//   Taints: the map form (key: "value:Effect") and the list form.
//   IAM (pkg/cfn/builder/iam_helper.go makeManagedPolicies): without attachPolicyARNs,
//     AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy (not with iam.withOIDC),
//     AmazonEC2ContainerRegistryReadOnly, AmazonSSMManagedInstanceCore; with attachPolicyARNs,
//     those (plus ECR read-only for self-managed groups).
//   A self-managed group's own group (pkg/cfn/builder/nodegroup.go): ingress from the control
//     plane on 443 and 1025-65535; ekssim's control plane carries the EKS cluster security group,
//     which stands in for eksctl's ControlPlaneSecurityGroup.

#include <fmt/format.h>

#include "tools/import/eksctl_parts.h"

namespace ekssim::import {
namespace {

const std::vector<std::string> kReadKeys = {"name",
                                            "instanceType",
                                            "instanceTypes",
                                            "instancesDistribution",
                                            "desiredCapacity",
                                            "minSize",
                                            "maxSize",
                                            "availabilityZones",
                                            "subnets",
                                            "privateNetworking",
                                            "maxPodsPerNode",
                                            "labels",
                                            "taints",
                                            "securityGroups",
                                            "iam"};
const std::vector<std::string> kKnownPolicies = {
    "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore"};

Doc tcp_rule(const std::string& ports, const std::string& group, const std::string& note) {
  Doc rule = Doc::map();
  rule.set("protocol", Doc::quoted("tcp"));
  rule.set("ports", Doc::quoted(ports));
  rule.child("from").set("securityGroup", Doc::quoted(group));
  rule.note = note;
  return rule;
}

class NodeGroupReader {
 public:
  NodeGroupReader(EksctlContext& c, const YAML::Node& ng, bool managed, const std::string& label)
      : c_(c), ng_(ng), managed_(managed), label_(label) {}

  void read() {
    name_ = text_field(ng_, {"name"}).value_or("");
    if (name_.empty()) {
      c_.error(ng_, label_ + " has no name", "name: the node group's name");
      return;
    }
    where_ = label_ + "[" + name_ + "]";
    Doc d = Doc::map();
    d.origin = c_.at(ng_);
    d.note = "eksctl " + where_;
    d.set("name", c_.value(*field(ng_, {"name"}), where_ + ".name"));
    d.set("managed", Doc::boolean(managed_));
    d.set("instanceType", instance_type());
    scaling(d);
    d.set("subnets", subnets());
    d.set("securityGroups", security_groups());
    d.set("iamRole", Doc::quoted(role()));
    if (auto max = field(ng_, {"maxPodsPerNode"}))
      d.set("maxPods", c_.value(*max, where_ + ".maxPodsPerNode", false));
    d.set("labels", labels());
    if (auto t = taints(); !t.items.empty()) d.set("taints", std::move(t));
    skipped_keys();
    Doc& groups = c_.out.cluster.child("nodeGroups").kind == Doc::Kind::kList
                      ? *c_.out.cluster.find("nodeGroups")
                      : c_.out.cluster.set("nodeGroups", Doc::list());
    groups.push(std::move(d));
  }

 private:
  Doc instance_type() {
    if (auto t = field(ng_, {"instanceType"}); t && t->Scalar() != "mixed")
      return c_.value(*t, where_ + ".instanceType");
    auto types = field(ng_, {"instanceTypes"});
    std::string from = ".instanceTypes";
    if (!types) {
      types = field(ng_, {"instancesDistribution", "instanceTypes"});
      from = ".instancesDistribution.instanceTypes";
    }
    if (types && types->IsSequence() && types->size() > 0) {
      if (types->size() > 1) {
        std::string rest;
        for (size_t i = 1; i < types->size(); ++i)
          rest += (rest.empty() ? "" : ", ") + (*types)[i].Scalar();
        c_.log.note(
            fmt::format("eksctl {}{}: ekssim launches the first type only ({}); not "
                        "used: {}",
                        where_, from, (*types)[0].Scalar(), rest));
      }
      return c_.value((*types)[0], where_ + from + "[0]");
    }
    return Doc::quoted("m5.large").with_note("eksctl default instance type (DefaultNodeType)");
  }

  void scaling(Doc& d) {
    const auto desired = field(ng_, {"desiredCapacity"});
    const auto min = field(ng_, {"minSize"});
    const std::string count = desired ? desired->Scalar() : min ? min->Scalar() : "2";
    d.set("desiredCapacity",
          desired ? c_.value(*desired, where_ + ".desiredCapacity", false)
          : min   ? Doc::plain(count).with_note("eksctl: minSize when desiredCapacity is not given")
                  : Doc::plain("2").with_note("eksctl default (DefaultNodeCount)"));
    for (const char* key : {"minSize", "maxSize"}) {
      const auto v = field(ng_, {key});
      d.set(key, v ? c_.value(*v, where_ + "." + key, false)
                   : Doc::plain(count).with_note("eksctl: the desired count when not given"));
    }
    c_.out.initial_nodes += std::atoi(count.c_str());
  }

  Doc subnets() {
    Doc list = Doc::list();
    if (auto given = field(ng_, {"subnets"}); given && given->IsSequence()) {
      for (const YAML::Node& s : *given) {
        const std::string ref = s.Scalar();
        std::string name = ref;
        for (const EksctlSubnet& known : c_.subnets) {
          if (known.key == ref || known.id == ref || known.name == ref) name = known.name;
        }
        list.push(Doc::quoted(name).with_note("eksctl " + where_ + ".subnets").at(c_.at(s)));
      }
      return list;
    }
    const bool is_private =
        text_field(ng_, {"privateNetworking"}).value_or("false") == "true" ||
        text_field(c_.root, {"privateCluster", "enabled"}).value_or("false") == "true";
    std::vector<std::string> zones = c_.azs;
    if (auto z = field(ng_, {"availabilityZones"}); z && z->IsSequence()) {
      zones.clear();
      for (const YAML::Node& zone : *z)
        zones.push_back(zone.Scalar());
    }
    for (const EksctlSubnet& s : c_.subnets) {
      if (s.is_private == is_private && std::find(zones.begin(), zones.end(), s.az) != zones.end())
        list.push(Doc::quoted(s.name));
    }
    list.note = is_private ? "eksctl: private subnets (privateNetworking)"
                           : "eksctl default: public subnets (privateNetworking false)";
    return list;
  }

  void declare_group(const std::string& name, Doc group) {
    Doc* groups = c_.out.cluster.find("securityGroups");
    for (const Doc& g : groups->items)
      if (g.find("name")->text == name) return;
    groups->push(std::move(group));
  }

  Doc security_groups() {
    Doc list = Doc::list();
    const bool shared =
        text_field(ng_, {"securityGroups", "withShared"}).value_or("true") == "true";
    const bool local =
        !managed_ && text_field(ng_, {"securityGroups", "withLocal"}).value_or("true") == "true";
    if (shared)
      list.push(Doc::quoted(c_.shared_group).with_note("eksctl securityGroups.withShared"));
    if (local) {
      const std::string own = name_ + "-sg";
      Doc group = Doc::map();
      group.set("name", Doc::quoted(own));
      Doc& ingress = group.set("ingress", Doc::list());
      ingress.push(tcp_rule("443", c_.cluster_group, "eksctl: the control plane on 443"));
      ingress.push(
          tcp_rule("1025-65535", c_.cluster_group, "eksctl: the control plane, 1025-65535"));
      group.note = "eksctl " + where_ + ": the group's own (securityGroups.withLocal)";
      declare_group(own, std::move(group));
      list.push(Doc::quoted(own).with_note("eksctl securityGroups.withLocal"));
    }
    if (auto ids = field(ng_, {"securityGroups", "attachIDs"}); ids && ids->IsSequence()) {
      for (const YAML::Node& id : *ids) {
        const auto named = c_.out.group_names.find(id.Scalar());
        const std::string name = named == c_.out.group_names.end() ? id.Scalar() : named->second;
        if (named == c_.out.group_names.end()) {
          Doc group = Doc::map();
          group.set("name", Doc::quoted(name));
          group.note = "eksctl " + where_ +
                       ".securityGroups.attachIDs: an existing group whose "
                       "rules only describe output gives (none assumed)";
          group.origin = c_.at(id);
          declare_group(name, std::move(group));
        }
        list.push(Doc::quoted(name).with_note("eksctl securityGroups.attachIDs").at(c_.at(id)));
      }
    }
    return list;
  }

  std::string role() {
    const std::string name = name_ + "-role";
    Doc policies = Doc::list();
    std::string note;
    auto arns = field(ng_, {"iam", "attachPolicyARNs"});
    if (arns && arns->IsSequence() && arns->size() > 0) {
      note = "eksctl " + where_ + ".iam.attachPolicyARNs";
      for (const YAML::Node& arn : *arns) {
        const std::string text = arn.Scalar();
        const std::string policy = text.substr(text.rfind('/') + 1);
        if (std::find(kKnownPolicies.begin(), kKnownPolicies.end(), policy) !=
            kKnownPolicies.end()) {
          policies.push(Doc::quoted(policy).at(c_.at(arn)));
        } else {
          c_.log.note("eksctl " + where_ + " policy " + text + ": not one ekssim models");
        }
      }
      if (!managed_) policies.push(Doc::quoted("AmazonEC2ContainerRegistryReadOnly"));
    } else {
      note = "eksctl default node policies (makeManagedPolicies)";
      policies.push(Doc::quoted("AmazonEKSWorkerNodePolicy"));
      if (c_.cni_policy_on_nodes) policies.push(Doc::quoted("AmazonEKS_CNI_Policy"));
      policies.push(Doc::quoted("AmazonEC2ContainerRegistryReadOnly"));
      policies.push(Doc::quoted("AmazonSSMManagedInstanceCore"));
    }
    if (field(ng_, {"iam", "withAddonPolicies"})) {
      c_.log.note("eksctl iam.withAddonPolicies: add-on policies do not change the CNI's access");
    }
    Doc r = Doc::map();
    r.set("name", Doc::quoted(name));
    r.set("policies", std::move(policies));
    r.note = note;
    Doc& iam = c_.out.cluster.child("iam");
    if (!iam.find("roles")) iam.set("roles", Doc::list());
    iam.find("roles")->push(std::move(r));
    return name;
  }

  Doc labels() {
    Doc m = Doc::map();
    if (auto given = field(ng_, {"labels"}); given && given->IsMap()) {
      for (const auto& pair : *given)
        m.set(pair.first.Scalar(), Doc::quoted(pair.second.Scalar()).at(c_.at(pair.second)));
    }
    m.set("alpha.eksctl.io/cluster-name",
          Doc::quoted(c_.cluster_name).with_note("eksctl's own label"));
    m.set("alpha.eksctl.io/nodegroup-name", Doc::quoted(name_).with_note("eksctl's own label"));
    return m;
  }

  Doc taints() {
    Doc list = Doc::list();
    const auto given = field(ng_, {"taints"});
    if (!given) return list;
    auto add = [&](const std::string& key, const std::string& value, const std::string& effect,
                   const YAML::Node& at) {
      Doc t = Doc::map();
      t.set("key", Doc::quoted(key));
      if (!value.empty()) t.set("value", Doc::quoted(value));
      t.set("effect", Doc::quoted(effect));
      t.origin = c_.at(at);
      list.push(std::move(t));
    };
    if (given->IsMap()) {  // key: "value:Effect"
      for (const auto& pair : *given) {
        const std::string text = pair.second.Scalar();
        const size_t colon = text.rfind(':');
        if (colon == std::string::npos) {
          c_.error(pair.second, fmt::format("taint '{}' has no effect", text),
                   "value:Effect such as \"gpu:NoSchedule\"");
          continue;
        }
        add(pair.first.Scalar(), text.substr(0, colon), text.substr(colon + 1), pair.second);
      }
    } else if (given->IsSequence()) {
      for (const YAML::Node& t : *given)
        add(text_field(t, {"key"}).value_or(""), text_field(t, {"value"}).value_or(""),
            text_field(t, {"effect"}).value_or(""), t);
    }
    return list;
  }

  void skipped_keys() {
    for (const auto& pair : ng_) {
      const std::string key = pair.first.Scalar();
      if (std::find(kReadKeys.begin(), kReadKeys.end(), key) == kReadKeys.end())
        c_.log.note("eksctl node group key " + key + " skipped: it does not change networking");
    }
  }

  EksctlContext& c_;
  const YAML::Node& ng_;
  bool managed_;
  std::string label_;
  std::string name_;
  std::string where_;
};

}  // namespace

void import_eksctl_node_groups(EksctlContext& c) {
  for (auto [key, managed] :
       {std::pair{"nodeGroups", false}, std::pair{"managedNodeGroups", true}}) {
    const auto list = field(c.root, {key});
    if (!list || !list->IsSequence()) continue;
    for (const YAML::Node& ng : *list)
      NodeGroupReader(c, ng, managed, key).read();
  }
}

}  // namespace ekssim::import
