// ipamd's ENI work: allocating a new ENI (tryAllocateENI / AllocENI: CreateNetworkInterface,
// DescribeInstances, AttachNetworkInterface — deleting the ENI if that fails —,
// ModifyNetworkInterfaceAttribute, then waitForENIAndIPsAttached), releasing spare addresses
// (tryUnassignCidrsFromAll) and freeing an ENI (tryFreeENI / freeENI). pkg/ipamd/ipamd.go and
// pkg/awsutils/awsutils.go.

#include <fmt/format.h>

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
    const aws::EniIndex eni = created;
    // DescribeInstances finds the lowest free device index, then the attachment.
    ec2(
        Ec2Action::kDescribeInstances, [] { return Ec2Error::none(); },
        [this, next, eni](const Ec2Error&) {
          const int device = static_cast<int>(ctx_.ec2.instance(ctx_.instance).enis.size());
          ec2(
              Ec2Action::kAttachNetworkInterface,
              [this, eni, device] {
                return ctx_.ec2.attach_network_interface(eni, ctx_.instance, device);
              },
              [this, next, eni](const Ec2Error& attach) {
                if (!attach.ok()) {
                  note_growth_error(attach, Ec2Action::kAttachNetworkInterface);
                  ec2(
                      Ec2Action::kDeleteNetworkInterface,
                      [this, eni] { return ctx_.ec2.delete_network_interface(eni); },
                      [next](const Ec2Error&) { next(); });
                  return;
                }
                ec2(
                    Ec2Action::kModifyNetworkInterfaceAttribute,
                    [this, eni] {
                      ctx_.ec2.set_delete_on_termination(eni);
                      return Ec2Error::none();
                    },
                    [this, next, eni](const Ec2Error&) {
                      const uint64_t epoch = epoch_;
                      ctx_.kernel.schedule_in(
                          rng_.lognormal(kImdsMedian, 0.5), [this, next, eni, epoch] {
                            if (epoch != epoch_) return;
                            const auto& e = ctx_.ec2.eni(eni);
                            // AddENI stamps time.Now(): minENILifeTime counts from here,
                            // not from CreateNetworkInterface.
                            datastore_.add_eni(e.id, e.device_index, false, ctx_.kernel.now());
                            datastore_.add_ips(e.id, e.secondary_ips);
                            datastore_.add_prefixes(e.id, e.prefixes);
                            last_growth_error_.reset();
                            pool_changed("ENI attached");
                            next();
                          });
                    });
              });
        });
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
  // One UnassignPrivateIpAddresses per ENI; the addresses leave the store first.
  std::map<std::string, std::vector<net::Cidr>> by_eni;
  for (const auto& [eni, cidr] : freeable) {
    datastore_.remove_cidr(eni, cidr);
    by_eni[eni].push_back(cidr);
  }
  auto remaining = std::make_shared<size_t>(by_eni.size());
  for (const auto& [eni_id, cidrs] : by_eni) {
    const auto e = eni_index(eni_id);
    std::vector<net::Ipv4> ips;
    std::vector<net::Cidr> prefixes;
    for (const net::Cidr& c : cidrs) {
      if (c.prefix_length() == 32) {
        ips.push_back(c.base());
      } else {
        prefixes.push_back(c);
      }
    }
    ec2(
        Ec2Action::kUnassignPrivateIpAddresses,
        [this, e, ips, prefixes] {
          return e ? ctx_.ec2.unassign_private_ip_addresses(*e, ips, prefixes) : Ec2Error::none();
        },
        [this, remaining, next](const Ec2Error&) {
          if (--*remaining == 0) {
            pool_changed("addresses released");
            next();
          }
        });
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
  const aws::EniIndex eni = *e;
  // freeENI: DescribeNetworkInterfaces, DetachNetworkInterface, 2 s, DeleteNetworkInterface.
  ec2(
      Ec2Action::kDescribeNetworkInterfaces, [] { return Ec2Error::none(); },
      [this, eni, next](const Ec2Error&) {
        ec2(
            Ec2Action::kDetachNetworkInterface,
            [this, eni] { return ctx_.ec2.detach_network_interface(eni); },
            [this, eni, next](const Ec2Error&) {
              const uint64_t epoch = epoch_;
              ctx_.kernel.schedule_in(kEniDeleteDelay, [this, eni, next, epoch] {
                if (epoch != epoch_) return;
                ec2(
                    Ec2Action::kDeleteNetworkInterface,
                    [this, eni] { return ctx_.ec2.delete_network_interface(eni); },
                    [next](const Ec2Error&) { next(); });
              });
            });
      });
}

void Ipamd::pool_changed(std::string_view what) {
  const PoolStats s = datastore_.stats(ctx_.kernel.now());
  ctx_.trace.emit(
      IpamdPoolChanged{ctx_.node_name, what, s.enis, s.total, s.assigned, pool_reason_});
}

}  // namespace ekssim::cni
