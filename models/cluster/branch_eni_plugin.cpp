#include "models/cluster/branch_eni_plugin.h"

#include "models/cni/ipamd_events.h"

namespace ekssim::cluster {

BranchEniPlugin::BranchEniPlugin(cni::Ipamd& ipamd, const BranchEniController& controller,
                                 const k8s::ApiServer& api, const cni::EnvConfig& env,
                                 sim::Trace& trace, std::string node_name)
    : ipamd_(ipamd),
      controller_(controller),
      api_(api),
      env_(env),
      trace_(trace),
      node_name_(std::move(node_name)) {
  ipamd_.set_readiness_listener([this] { notify_readiness_changed(); });
}

bool BranchEniPlugin::wants_branch(k8s::PodId pod) const {
  return cni::env_flag(env_, "ENABLE_POD_ENI", false) &&
         api_.spec_of(api_.pod(pod)).pod_eni > 0;
}

void BranchEniPlugin::add(const k8s::SandboxRef& sandbox, AddCallback done) {
  if (!ipamd_.ready() || !wants_branch(sandbox.pod)) {
    ipamd_.add(sandbox, std::move(done));
    return;
  }
  if (const BranchEni* branch = controller_.branch_of(sandbox.pod)) {
    done(k8s::NetworkAddResult::success(branch->ip, branch->id));
    return;
  }
  const BranchEniController::Pending why = controller_.pending(sandbox.pod);
  trace_.emit(cni::IpamdAssignFailed{node_name_, sandbox.ns, sandbox.name, "BranchEniPending",
                                     why.cause, why.fix});
  done(k8s::NetworkAddResult::failure("add cmd: failed to assign an IP address to container"));
}

void BranchEniPlugin::del(const k8s::SandboxRef& sandbox) {
  // The branch stays with the pod until it is deleted (the controller's cooldown queue); ipamd
  // tolerates a sandbox it never served.
  if (controller_.branch_of(sandbox.pod) == nullptr) ipamd_.del(sandbox);
}

}  // namespace ekssim::cluster
