#pragma once
// An EC2 API error as AWS returns it: a code and a message. An empty code means success.

#include <string>

namespace ekssim::aws {

struct Ec2Error {
  std::string code;  // e.g. "InsufficientFreeAddressesInSubnet"
  std::string message;

  bool ok() const { return code.empty(); }
  static Ec2Error none() { return {}; }
  // "InsufficientFreeAddressesInSubnet: There are not enough free addresses in subnet …"
  std::string to_string() const { return ok() ? "OK" : code + ": " + message; }
};

// The codes ekssim produces (AWS "Error codes for the Amazon EC2 API").
namespace ec2_errors {
inline constexpr const char* kUnauthorizedOperation = "UnauthorizedOperation";
inline constexpr const char* kRequestLimitExceeded = "RequestLimitExceeded";
inline constexpr const char* kInsufficientFreeAddressesInSubnet =
    "InsufficientFreeAddressesInSubnet";
inline constexpr const char* kInsufficientCidrBlocks = "InsufficientCidrBlocks";
inline constexpr const char* kAttachmentLimitExceeded = "AttachmentLimitExceeded";
inline constexpr const char* kPrivateIpAddressLimitExceeded = "PrivateIpAddressLimitExceeded";
inline constexpr const char* kInvalidNetworkInterfaceIdNotFound =
    "InvalidNetworkInterfaceID.NotFound";
inline constexpr const char* kInvalidParameterValue = "InvalidParameterValue";
// RunInstances with a PrivateIpAddress another interface holds.
inline constexpr const char* kInvalidIpAddressInUse = "InvalidIPAddress.InUse";
inline constexpr const char* kInsufficientInstanceCapacity = "InsufficientInstanceCapacity";
// Not an AWS error code: the SDK's transport failure when the endpoint cannot be reached.
inline constexpr const char* kRequestTimeout = "RequestError";
}  // namespace ec2_errors

}  // namespace ekssim::aws
