// A raw loopback connection, for clients that misbehave on purpose and for
// looking at the bytes of an answer.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace clause::testing {

// A raw loopback connection, for clients that misbehave on purpose.
class RawSocket {
 public:
  explicit RawSocket(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawSocket() { ::close(fd_); }
  bool connected() const { return connected_; }
  bool send(const std::string& data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  // Everything until the server closes (or 10 s pass).
  std::string read_all() { return read_until(""); }
  // `raw` sent on a new connection to `port`, and all the server answers.
  static std::string exchange(int port, const std::string& raw) {
    RawSocket socket(port);
    socket.send(raw);
    return socket.read_all();
  }
  // What arrives until `end` has been read (or, with `end` empty, until the
  // server closes), or 10 s pass.
  std::string read_until(const std::string& end) {
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0;) {
      out.append(buf, static_cast<size_t>(n));
      if (!end.empty() && out.find(end) != std::string::npos) break;
    }
    return out;
  }

  // One whole answer with a Content-Length: the head, then that many bytes.
  std::string read_answer() {
    std::string out = read_until("\r\n\r\n");
    const auto head_end = out.find("\r\n\r\n");
    const auto at = out.find("\r\nContent-Length: ");
    if (head_end == std::string::npos || at == std::string::npos || at > head_end) return out;
    const std::size_t length = std::stoul(out.substr(at + 18));
    char buf[4096];
    while (out.size() < head_end + 4 + length) {
      const ssize_t n = ::recv(fd_, buf, std::min(sizeof buf, head_end + 4 + length - out.size()), 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

}  // namespace clause::testing
