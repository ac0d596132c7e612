// ipamd's ENI work: allocating a new ENI (tryAllocateENI / AllocENI: CreateNetworkInterface,
// DescribeInstances, AttachNetworkInterface — deleting the ENI if either fails —,
// ModifyNetworkInterfaceAttribute — freeing the ENI if that fails —, then
// waitForENIAndIPsAttached), releasing spare addresses
// (tryUnassignCidrsFromAll) and freeing an ENI (tryFreeENI / freeENI). pkg/ipamd/ipamd.go and
// pkg/awsutils/awsutils.go.

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

#include "models/cni/ipamd.h"
#include "models/cni/ipamd_events.h"
#include "models/cni/warm_pool_reason.h"

namespace ekssim::cni {

using aws::Ec2Action;
using aws::Ec2Error;

namespace {
// How long IMDS takes to show a newly attached ENI and its addresses (waitForENIAndIPsAttached
// polls it with back-off from 100 ms). Not published: "creating and attaching a new ENI can take
// up to 10 seconds" (docs/eni-and-ip-target.md) covers the whole sequence.
constexpr sim::Duration kImdsMedian = sim::Duration::seconds(1);
}  // namespace

void Ipamd::try_allocate_eni(Step next) {
  const PoolStats stats = datastore_.stats(ctx_.kernel.now());
  const int n = resources_to_allocate(config_, stats);
  if (n <= 0) {
    next();
    return;
  }
  pool_reason_ = describe_growth(config_, stats, n, true);
  create_eni(n, [this, next](const Ec2Error& error, Ec2Action action, aws::EniIndex created) {
    if (!error.ok()) {
      note_growth_error(error, action);
      next();
      return;
    }
    attach_new_eni(created, next);
  });
}

void Ipamd::attach_new_eni(aws::EniIndex eni, Step next) {
  // AllocENI: when attachENI fails (its DescribeInstances or the attachment itself), deleteENI on
  // the new, unattached ENI, and the error is returned.
  auto failed = [this, eni, next](const Ec2Error& error, Ec2Action action) {
    note_growth_error(error, action);
    ctx_.api.delete_network_interface(eni, unless_restarted([next](const Ec2Error&) { next(); }));
  };
  ctx_.api.describe_instances(unless_restarted([this, eni, next, failed](const Ec2Error& error) {
    if (!error.ok()) {
      // awsGetFreeDeviceNumber: "not able to retrieve instance data from EC2 control plane".
      failed(error, Ec2Action::kDescribeInstances);
      return;
    }
    // awsGetFreeDeviceNumber (pkg/awsutils/awsutils.go): the lowest device index no attached ENI
    // uses. Not the count of attached ENIs: Security Groups for Pods' trunk takes the highest
    // free index (the resource controller's GetHighestUnusedDeviceIndex), leaving a gap below.
    const std::vector<aws::EniIndex>& attached = ctx_.ec2.instance(ctx_.instance).enis;
    const auto in_use = [&](int index) {
      return std::any_of(attached.begin(), attached.end(),
                         [&](aws::EniIndex e) { return ctx_.ec2.eni(e).device_index == index; });
    };
    int device = 0;
    while (in_use(device))
      ++device;
    ctx_.api.attach_network_interface(
        eni, ctx_.instance, device,
        unless_restarted([this, eni, next, failed](const Ec2Error& attach) {
          if (!attach.ok()) {
            failed(attach, Ec2Action::kAttachNetworkInterface);
            return;
          }
          set_up_new_eni(eni, next);
        }));
  }));
}

void Ipamd::set_up_new_eni(aws::EniIndex eni, Step next) {
  ctx_.api.set_delete_on_termination(
      eni, unless_restarted([this, eni, next](const Ec2Error& error) {
        if (!error.ok()) {
          // AllocENI: "unable to change the ENI's attribute": FreeENI, and the error is returned.
          note_growth_error(error, Ec2Action::kModifyNetworkInterfaceAttribute);
          free_eni_in_ec2(eni, next);
          return;
        }
        wait_for_imds(eni, next);
      }));
}

void Ipamd::wait_for_imds(aws::EniIndex eni, Step next) {
  const uint64_t epoch = epoch_;
  ctx_.kernel.schedule_in(rng_.lognormal(kImdsMedian, 0.5), [this, next, eni, epoch] {
    if (epoch != epoch_) return;
    const auto& e = ctx_.ec2.eni(eni);
    // AddENI stamps time.Now(): minENILifeTime counts from here, not from CreateNetworkInterface.
    datastore_.add_eni(e.id, e.device_index, false, ctx_.kernel.now());
    datastore_.add_ips(e.id, e.secondary_ips);
    datastore_.add_prefixes(e.id, e.prefixes);
    last_growth_error_.reset();
    pool_changed("ENI attached");
    next();
  });
}

void Ipamd::decrease_pool(Step next) {
  const PoolStats stats = datastore_.stats(ctx_.kernel.now());
  const int over = cidrs_to_release(config_, stats);
  const auto freeable = datastore_.freeable_cidrs(over);
  last_decrease_ = ctx_.kernel.now();
  if (freeable.empty()) {
    next();
    return;
  }
  pool_reason_ = describe_release(config_, stats, static_cast<int>(freeable.size()));
  // The addresses leave the store first.
  std::map<std::string, std::vector<net::Cidr>> by_eni;
  for (const auto& [eni, cidr] : freeable) {
    datastore_.remove_cidr(eni, cidr);
    by_eni[eni].push_back(cidr);
  }
  release_cidrs(by_eni, next);
}

void Ipamd::release_cidrs(const std::map<std::string, std::vector<net::Cidr>>& by_eni, Step next) {
  auto remaining = std::make_shared<size_t>(by_eni.size());
  auto one_done = [this, remaining, next](const Ec2Error&) {
    if (--*remaining == 0) {
      pool_changed("addresses released");
      next();
    }
  };
  for (const auto& [eni_id, cidrs] : by_eni) {
    std::vector<net::Ipv4> ips;
    std::vector<net::Cidr> prefixes;
    for (const net::Cidr& c : cidrs) {
      if (c.prefix_length() == 32) {
        ips.push_back(c.base());
      } else {
        prefixes.push_back(c);
      }
    }
    // The store's ENIs are the instance's attached ones: ipamd frees an ENI only after taking it
    // out of the store, and stops with its instance.
    const auto e = eni_index(eni_id);
    if (!e) {
      one_done(Ec2Error::none());
      continue;
    }
    ctx_.api.unassign_private_ip_addresses(*e, std::move(ips), std::move(prefixes),
                                           unless_restarted(one_done));
  }
}

void Ipamd::try_free_eni(Step next) {
  const auto victim = datastore_.deletable_eni(ctx_.kernel.now());
  if (!victim) {
    next();
    return;
  }
  const auto e = eni_index(*victim);
  pool_reason_ = describe_eni_free(config_, datastore_.stats(ctx_.kernel.now()));
  datastore_.remove_eni(*victim);
  pool_changed("ENI freed");
  if (!e) {
    next();
    return;
  }
  free_eni_in_ec2(*e, next);
}

void Ipamd::free_eni_in_ec2(aws::EniIndex eni, Step next) {
  // freeENI: DescribeNetworkInterfaces (the attachment id), DetachNetworkInterface, 2 s,
  // DeleteNetworkInterface.
  ctx_.api.describe_network_interfaces(unless_restarted([this, eni, next](const Ec2Error&) {
    ctx_.api.detach_network_interface(
        eni, unless_restarted([this, eni, next](const Ec2Error&) {
          const uint64_t epoch = epoch_;
          ctx_.kernel.schedule_in(kEniDeleteDelay, [this, eni, next, epoch] {
            if (epoch != epoch_) return;
            ctx_.api.delete_network_interface(
                eni, unless_restarted([next](const Ec2Error&) { next(); }));
          });
        }));
  }));
}

void Ipamd::pool_changed(std::string_view what) {
  const PoolStats s = datastore_.stats(ctx_.kernel.now());
  ctx_.trace.emit(
      IpamdPoolChanged{ctx_.node_name, what, s.enis, s.total, s.assigned, pool_reason_});
}

}  // namespace ekssim::cni
