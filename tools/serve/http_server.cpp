#include "tools/serve/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <stdexcept>

namespace ekssim::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  HttpHandler handler;
  SlowRequest slow;
  HttpLimits limits;
  std::ostream& log;
  // Declared before the context: pending sessions, destroyed with it, still count down `open`.
  std::atomic<size_t> open{0};
  std::atomic<size_t> served{0};
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  // Declared last, so destroyed (stopped and joined) first, while the context it posts replies to
  // still exists; a queued request it drops releases its session normally.
  asio::thread_pool workers;

  Impl(HttpHandler h, SlowRequest s, HttpLimits l, std::ostream& o)
      : handler(std::move(h)),
        slow(std::move(s)),
        limits(l),
        log(o),
        workers(std::max<size_t>(1, l.worker_threads)) {}
  void accept();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {}
  ~Session() { --server_.open; }

  void start() { read(); }
  // Too many connections: one 503, then close.
  void refuse() { reply(503, "text/plain", "too many connections\n", "-", false); }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.limits.max_header_bytes));
    parser_->body_limit(server_.limits.max_body_bytes);
    stream_.expires_after(std::chrono::seconds(server_.limits.idle_seconds));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
      close();
      return;
    }
    if (ec == http::error::body_limit) {
      reply(413, "text/plain", "request body too large\n", "-", false);
      return;
    }
    if (ec == http::error::header_limit) {
      reply(431, "text/plain", "request header fields too large\n", "-", false);
      return;
    }
    if (ec) {
      reply(400, "text/plain", "malformed request\n", "-", false);
      return;
    }
    const auto& request = parser_->get();
    ++requests_;
    Request r;
    r.keep = request.keep_alive() && requests_ < server_.limits.max_requests_per_connection;
    r.target = std::string(request.target());
    r.method = std::string(request.method_string());
    r.version = request.version();
    if (server_.slow && server_.slow(r.target)) {
      // Answered on a worker; the reply is written back on the I/O thread, which alone touches
      // the stream. Nothing reads this connection meanwhile (HTTP/1.1 without pipelining).
      asio::post(server_.workers, [self = shared_from_this(), r = std::move(r)]() mutable {
        HttpResponse response = self->answer(r);
        asio::post(self->stream_.get_executor(),
                   [self, r = std::move(r), response = std::move(response)]() mutable {
                     self->reply(response, r);
                   });
      });
      return;
    }
    reply(answer(r), r);
  }

  struct Request {
    std::string method, target;
    unsigned version = 11;
    bool keep = false;
  };

  HttpResponse answer(const Request& r) const {
    try {
      return server_.handler(r.method, r.target);
    } catch (const std::exception& e) {
      return {500, "text/plain", std::string("internal error: ") + e.what() + "\n"};
    }
  }

  void reply(HttpResponse response, const Request& r) {
    reply(response.status, response.content_type, std::move(response.body),
          r.method + " " + r.target, r.keep, r.version);
  }

  void reply(unsigned status, const std::string& type, std::string body, const std::string& what,
             bool keep, unsigned version = 11) {
    auto response = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(status), version);
    response->set(http::field::server, "ekssim");
    response->set(http::field::content_type, type);
    response->set(http::field::cache_control, "no-store");
    response->set("X-Content-Type-Options", "nosniff");
    response->body() = std::move(body);
    response->keep_alive(keep);
    response->prepare_payload();
    server_.log << "ekssim serve: " << what << " " << status << " " << response->body().size()
                << "\n"
                << std::flush;
    ++server_.served;
    stream_.expires_after(std::chrono::seconds(server_.limits.idle_seconds));
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response, keep](beast::error_code ec, size_t) {
                        if (ec || !keep) {
                          self->close();
                        } else {
                          self->read();
                        }
                      });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  size_t requests_ = 0;
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      ++open;
      auto session = std::make_shared<Session>(std::move(socket), *this);
      if (open > limits.max_connections) {
        session->refuse();
      } else {
        session->start();
      }
    }
    accept();
  });
}

HttpServer::HttpServer(HttpHandler handler, HttpLimits limits, std::ostream& log, SlowRequest slow)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(slow), limits, log)) {}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::listen(uint16_t port) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  beast::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " +
                             ec.message());
  }
  impl_->accept();
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::run(bool on_signals) {
  asio::signal_set signals(impl_->ioc);
  if (on_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
  }
  impl_->ioc.run();
}

void HttpServer::stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->ioc.stop();
  });
}

size_t HttpServer::requests_served() const {
  return impl_->served;
}

}  // namespace ekssim::serve
