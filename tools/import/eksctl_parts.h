#pragma once
// The parts of the eksctl import (eksctl.cpp: the top level, IAM, add-ons; eksctl_vpc.cpp: the
// VPC, subnets, routes and security groups; eksctl_node_groups.cpp), sharing one context.

#include <optional>
#include <string>
#include <vector>

#include "tools/import/eksctl.h"
#include "tools/import/manifest_kinds.h"

namespace ekssim::import {

struct EksctlSubnet {
  std::string name;  // the scenario's name for it
  std::string key;   // the key in vpc.subnets.{private,public} (an AZ or an alias)
  std::string id;    // subnet-… when an existing subnet
  std::string az;
  bool is_private = false;
};

struct EksctlContext {
  EksctlContext(std::string p, ImportLog& l, Imported& o, YAML::Node r)
      : path(std::move(p)), log(l), out(o), root(std::move(r)) {}

  std::string path;
  ImportLog& log;
  Imported& out;
  YAML::Node root;
  std::string cluster_name;
  std::string region;
  std::vector<std::string> azs;
  std::vector<EksctlSubnet> subnets;
  std::string shared_group;   // the shared node security group's name
  std::string cluster_group;  // eks-cluster-sg-<name>, which ekssim creates
  bool cni_policy_on_nodes = true;

  Origin at(const YAML::Node& node) const { return origin_of(node, path); }
  // A scalar of the file as a Doc noted "eksctl FIELD".
  Doc value(const YAML::Node& node, const std::string& field, bool quoted = true) const;
  void error(const YAML::Node& node, std::string message, std::string expected) const {
    log.error(node, path, std::move(message), std::move(expected));
  }
};

void import_eksctl_vpc(EksctlContext& c);
void import_eksctl_node_groups(EksctlContext& c);

}  // namespace ekssim::import
