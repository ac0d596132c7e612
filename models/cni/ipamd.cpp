#include "models/cni/ipamd.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/cni/ipamd_events.h"
#include "models/cni/warm_pool_reason.h"

namespace ekssim::cni {

using aws::Ec2Action;
using aws::Ec2Error;
namespace errors = aws::ec2_errors;

namespace {

// CrashLoopBackOff: the kubelet restarts a failed container after 10 s, doubling to 5 min
// (pkg/kubelet/kuberuntime, MaxContainerBackOff).
sim::Duration crash_loop_backoff(int restarts) {
  sim::Duration d = sim::Duration::seconds(10);
  for (int i = 1; i < restarts && d < sim::Duration::minutes(5); ++i)
    d = d * 2;
  return std::min(d, sim::Duration::minutes(5));
}

// IsPrefixDelegationSupported: Nitro or bare metal.
bool prefix_delegation_supported(const aws::InstanceType& type) {
  return type.hypervisor == aws::Hypervisor::kNitro || type.bare_metal;
}

bool insufficient_addresses(const Ec2Error& e) {
  return e.code == errors::kInsufficientFreeAddressesInSubnet ||
         e.code == errors::kInsufficientCidrBlocks;
}

}  // namespace

Ipamd::Ipamd(IpamdContext context, const EnvConfig& env, uint64_t seed)
    : ctx_(std::move(context)),
      config_(WarmPoolConfig::from_env(env, *ctx_.ec2.instance(ctx_.instance).type)),
      settings_(IpamdSettings::from_env(
          env, prefix_delegation_supported(*ctx_.ec2.instance(ctx_.instance).type))),
      datastore_(config_),
      rng_(seed, "node/" + ctx_.node_name + "/ipamd"),
      loop_(ctx_.kernel, &epoch_),
      restart_timer_(ctx_.kernel) {}

std::string Ipamd::not_ready_message() const {
  return "Network plugin returns error: cni plugin not initialized";
}

// ---- Lifecycle ----

void Ipamd::start() {
  ++epoch_;
  state_ = State::kStarting;
  node_init();
}

void Ipamd::restart(const EnvConfig& env) {
  const bool was_ready = ready();
  ++restarts_;
  loop_.cancel();
  restart_timer_.cancel();
  const aws::InstanceType& type = *ctx_.ec2.instance(ctx_.instance).type;
  config_ = WarmPoolConfig::from_env(env, type);
  settings_ = IpamdSettings::from_env(env, prefix_delegation_supported(type));
  datastore_.set_config(config_);
  datastore_.forget_cooldown();  // the checkpoint keeps assigned addresses only (ipamd.md §2.7)
  last_decrease_.reset();        // the new process's lastDecreaseIPPool is the zero time
  state_ = State::kStarting;
  ++epoch_;
  if (was_ready) notify_readiness_changed();
  node_init();
}

void Ipamd::stop() {
  ++epoch_;
  loop_.cancel();
  restart_timer_.cancel();
  const bool was_ready = ready();
  state_ = State::kStopped;
  if (was_ready) notify_readiness_changed();
}

void Ipamd::node_init() {
  // ipamd.New: isConfigValid refuses the address family before nodeInit and ipamd exits.
  if (settings_.invalid_config) {
    init_failed(
        fmt::format("ipamd: failed to validate configuration: {}", *settings_.invalid_config),
        fmt::format("aws-node's ENABLE_IPv4={} and ENABLE_IPv6={} are not a valid "
                    "combination (isConfigValid): {}",
                    settings_.ipv4 ? "true" : "false", settings_.ipv6 ? "true" : "false",
                    *settings_.invalid_config),
        "set ENABLE_IPv4=true and ENABLE_IPv6=false (IPv6 clusters need prefix "
        "delegation and no custom networking)");
    return;
  }
  // nodeInit reads the attached ENIs from IMDS and EC2; an error here is fatal.
  ctx_.api.describe_network_interfaces(unless_restarted([this](const Ec2Error& error) {
    if (!error.ok()) {
      const bool unauthorized = error.code == errors::kUnauthorizedOperation;
      const std::string role = role_name();
      init_failed(
          fmt::format("ipamd init: failed to retrieve attached ENIs info: {}", error.to_string()),
          unauthorized ? fmt::format("ipamd cannot call ec2:DescribeNetworkInterfaces: "
                                     "UnauthorizedOperation ({} lacks AmazonEKS_CNI_Policy)",
                                     role)
                       : fmt::format("ipamd cannot reach the EC2 API: {}", error.message),
          unauthorized ? fmt::format("attach AmazonEKS_CNI_Policy to {} (or to the aws-node "
                                     "service account's IRSA role)",
                                     role)
                       : "give the nodes a path to the EC2 API on tcp 443: a NAT gateway "
                         "route, or an ec2 interface endpoint whose security group admits "
                         "them");
      return;
    }
    adopt_attached_enis();
    // nodeInit pre-scales only when ENI provisioning is enabled.
    if (settings_.disable_provisioning) {
      finish_init();
    } else {
      handle_pre_scaling([this] { finish_init(); });
    }
  }));
}

std::optional<aws::EniIndex> Ipamd::eni_index(std::string_view id) const {
  for (aws::EniIndex e : ctx_.ec2.instance(ctx_.instance).enis) {
    if (ctx_.ec2.eni(e).id == id) return e;
  }
  return std::nullopt;
}

void Ipamd::adopt_attached_enis() {
  for (aws::EniIndex e : ctx_.ec2.instance(ctx_.instance).enis) {
    const aws::NetworkInterface& eni = ctx_.ec2.eni(e);
    if (datastore_.has_eni(eni.id)) continue;
    // The trunk of Security Groups for Pods holds no pod address (setupENI with isTrunkENI);
    // warm_pool.h's trunk_slot accounts for its slot instead.
    if (eni.interface_type == aws::InterfaceType::kTrunk) continue;
    // The 60 s minimum age counts from when the ENI entered the datastore (upstream), so after
    // a restart every adopted ENI is young again.
    datastore_.add_eni(eni.id, eni.device_index, eni.device_index == 0, ctx_.kernel.now());
    datastore_.add_ips(eni.id, eni.secondary_ips);
    datastore_.add_prefixes(eni.id, eni.prefixes);
  }
}

void Ipamd::init_failed(const std::string& log, const std::string& cause, const std::string& fix) {
  init_failure_cause_ = cause;
  init_failure_fix_ = fix;
  ctx_.trace.emit(IpamdInitFailed{ctx_.node_name, log, cause, fix});
  state_ = State::kCrashLoop;
  ++restarts_;
  const uint64_t epoch = ++epoch_;
  restart_timer_.schedule_in(crash_loop_backoff(restarts_), [this, epoch] {
    if (epoch != epoch_) return;
    state_ = State::kStarting;
    node_init();
  });
}

void Ipamd::handle_pre_scaling(Step next) {
  // handlePreScaling: increaseDatastorePool only if the pool is too low; a restart with a full
  // pool makes no EC2 call.
  if (!is_pool_too_low(config_, datastore_.stats(ctx_.kernel.now()), ctx_.max_pods)) {
    next();
    return;
  }
  increase_pool([this, next] {
    // isDatastorePoolEmpty after growing, with custom networking: a misconfiguration, and the
    // node must not become ready.
    if (config_.custom_networking && datastore_.stats(ctx_.kernel.now()).total == 0) {
      init_failed("Failed to attach any ENIs for custom networking",
                  last_growth_error_
                      ? fmt::format("custom networking: no pod ENI could be attached ({})",
                                    last_growth_error_->to_string())
                      : "custom networking: no pod ENI could be attached",
                  "check the ENIConfig for the node's zone: its subnet needs free addresses");
      return;
    }
    next();
  });
}

void Ipamd::finish_init() {
  state_ = State::kRunning;
  init_failure_cause_.reset();
  init_failure_fix_.reset();
  ctx_.trace.emit(IpamdReady{ctx_.node_name, datastore_.stats(ctx_.kernel.now()).total});
  notify_readiness_changed();
  run_loop();
}

// ---- The pool manager ----

void Ipamd::schedule_tick(sim::Duration delay, Step step) {
  const uint64_t epoch = epoch_;
  loop_.schedule_in(delay, [this, epoch, step = std::move(step)] {
    if (epoch == epoch_) step();
  });
}

void Ipamd::run_loop() {
  // StartNodeIPPoolManager: sleep 2.5 s, updateIPPoolIfRequired, sleep 2.5 s, reconcile (a pacing
  // step here: no ENI changes behind ipamd's back in ekssim). With ENI provisioning disabled
  // only the reconcile runs, which changes nothing here, so there is no loop at all.
  if (settings_.disable_provisioning) return;
  schedule_tick(kHalfTick, [this] { pool_tick(); });
}

// One period of the loop: the update, then the next one a whole period after it ends. The
// reconcile between them has nothing to do here, so it takes no event of its own: one event per
// node per period instead of two (the ticks were 63% of the 5,000-node hour's events).
void Ipamd::pool_tick() {
  update_pool([this] { schedule_tick(kPoolMonitorInterval, [this] { pool_tick(); }); });
}

void Ipamd::update_pool(Step next) {
  const sim::Time now = ctx_.kernel.now();
  const PoolStats stats = datastore_.stats(now);
  // shouldRemoveExtraENIs judges the snapshot taken at the start of the tick, as upstream's
  // updateIPPoolIfRequired does. Most ticks change nothing and go straight on, without a
  // continuation to allocate: every node ticks every 5 s, and the ticks are most of the
  // 100,000-node hour's events.
  if (is_pool_too_low(config_, stats, ctx_.max_pods)) {
    increase_pool([this, stats, next = std::move(next)] { free_extra_eni(stats, next); });
  } else if (is_pool_too_high(config_, stats) &&
             (!last_decrease_ || now - *last_decrease_ > kDecreaseInterval)) {
    decrease_pool([this, stats, next = std::move(next)] { free_extra_eni(stats, next); });
  } else {
    free_extra_eni(stats, std::move(next));
  }
}

void Ipamd::free_extra_eni(const PoolStats& stats, Step next) {
  // tryFreeENI returns at once on a non-schedulable node unless told to manage its ENIs.
  // Only prefix delegation reads whether an ENI is freeable; the scan of every ENI is left
  // out otherwise (it ran on every node's tick).
  const bool freeable = config_.prefix_delegation && datastore_.freeable_eni_exists();
  if (should_remove_extra_enis(config_, stats, freeable) && eni_attachment_allowed()) {
    try_free_eni(std::move(next));
  } else {
    next();
  }
}

bool Ipamd::in_insufficient_cidr_cooldown() const {
  return had_insufficient_cidr_ &&
         ctx_.kernel.now() - last_insufficient_cidr_ < kInsufficientCidrCooldown;
}

void Ipamd::note_growth_error(const Ec2Error& error, Ec2Action action) {
  last_growth_error_ = error;
  last_growth_action_ = action;
  if (insufficient_addresses(error)) {
    last_insufficient_error_ = error;
    had_insufficient_cidr_ = true;
    last_insufficient_cidr_ = ctx_.kernel.now();
  }
}

bool Ipamd::eni_attachment_allowed() const {
  // isENIAttachmentAllowed (the terminating flag aside: ekssim's ipamd stops with its instance).
  return settings_.manage_enis_non_schedulable || !ctx_.node_unschedulable ||
         !ctx_.node_unschedulable();
}

void Ipamd::increase_pool(Step next) {
  if (!eni_attachment_allowed() || in_insufficient_cidr_cooldown()) {
    next();
    return;
  }
  // Addresses on an existing ENI first; only if none had room, a new ENI.
  try_assign_cidrs(next, [this, next] {
    if (has_room_for_eni(config_, datastore_.eni_count())) {
      try_allocate_eni(next);
    } else {
      next();
    }
  });
}

void Ipamd::try_assign_cidrs(Step next, Step otherwise) {
  try_assign_to(datastore_.allocatable_enis(), 0, std::move(next), std::move(otherwise));
}

void Ipamd::try_assign_to(std::vector<std::pair<std::string, int>> enis, size_t i, Step next,
                          Step otherwise) {
  if (i >= enis.size()) {
    otherwise();
    return;
  }
  // Not a structured binding: clang 14 (the sanitized tree's compiler) cannot capture one in the
  // lambdas below, a C++20 rule it implements from clang 16.
  const std::string eni_id = enis[i].first;
  const int current = enis[i].second;
  const PoolStats stats = datastore_.stats(ctx_.kernel.now());
  const int count = cidrs_to_assign(config_, stats, current);
  if (count <= 0) {
    next();
    return;
  }
  pool_reason_ = describe_growth(config_, stats, count, false);
  const auto index = eni_index(eni_id);
  if (!index) {
    otherwise();
    return;
  }
  const bool prefixes = config_.prefix_delegation;
  const aws::EniIndex e = *index;
  auto assign = [this, e, prefixes](int n, aws::Ec2::Done done) {
    ctx_.api.assign_private_ip_addresses(e, prefixes ? 0 : n, prefixes ? n : 0,
                                         unless_restarted(std::move(done)));
  };
  // PrivateIpAddressLimitExceeded means the store is out of sync: adopt what EC2 says the ENI
  // has (DescribeNetworkInterfaces), as after a success.
  auto assigned = [](const Ec2Error& error) {
    return error.ok() || error.code == errors::kPrivateIpAddressLimitExceeded;
  };
  assign(count, [this, enis = std::move(enis), i, eni_id, next, otherwise, assign,
                 assigned](const Ec2Error& error) {
    if (assigned(error)) {
      add_addresses_from_ec2(eni_id, next);
      return;
    }
    // tryAssignIPs / tryAssignPrefixes retry once with a single address or /28, whatever
    // the first call asked for.
    assign(1, [this, enis, i, eni_id, next, otherwise, assigned](const Ec2Error& retry) {
      if (assigned(retry)) {
        add_addresses_from_ec2(eni_id, next);
        return;
      }
      if (settings_.subnet_discovery && insufficient_addresses(retry)) {
        // The ENI's subnet is full: on to the next ENI, and if none has room a new ENI
        // in a discovered subnet; no 120 s freeze from this error.
        last_growth_error_ = retry;
        last_growth_action_ = Ec2Action::kAssignPrivateIpAddresses;
        try_assign_to(enis, i + 1, next, otherwise);
        return;
      }
      note_growth_error(retry, Ec2Action::kAssignPrivateIpAddresses);
      next();
    });
  });
}

void Ipamd::add_addresses_from_ec2(const std::string& eni_id, Step next) {
  // The assigned addresses are learnt with DescribeNetworkInterfaces, then added to the store.
  ctx_.api.describe_network_interfaces(
      unless_restarted([this, eni_id, next](const Ec2Error& error) {
        if (error.ok()) {
          if (const auto e = eni_index(eni_id)) {
            const aws::NetworkInterface& eni = ctx_.ec2.eni(*e);
            datastore_.sync_eni(eni.id, eni.secondary_ips, eni.prefixes);
          }
          last_growth_error_.reset();
          pool_changed("addresses assigned");
        }
        next();
      }));
}

}  // namespace ekssim::cni
