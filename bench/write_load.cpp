#include "bench/write_load.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

namespace clause::bench {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// A batch's life, as the readers see it: a reader may demand a batch whole
// only once it was acknowledged before the read began.
enum BatchState : int { kNotStarted = 0, kInFlight = 1, kAcked = 2, kRefused = 3 };

// Enough slots for a long run of small batches; writers stop when full.
constexpr std::size_t kMaxBatches = 1 << 20;

std::unique_ptr<httplib::Client> client_of(const WriteTarget& target) {
  auto client = std::make_unique<httplib::Client>(target.host, target.port);
  client->set_connection_timeout(5);
  client->set_read_timeout(30);
  client->set_keep_alive(true);
  return client;
}

long total_of(const httplib::Result& res, int* status) {
  if (!res) return -1;
  if (status) *status = res->status;
  if (res->status != 200) return -1;
  const json body = json::parse(res->body, nullptr, false);
  return body.is_object() && body.contains("total") ? body["total"].get<long>() : -1;
}

// autocorrect=false: a marker not yet written must find nothing, not the
// hits of a neighbouring marker that the spelling data suggests.
long search_marker(httplib::Client& client, const WriteTarget& target, std::size_t k, int* status) {
  const std::string path = "/v1/search?limit=1&facets=false&autocorrect=false&q=" + batch_marker(target, k);
  return total_of(client.Get(path.c_str(), {{"X-API-Key", target.search_key}}), status);
}

// 200 with every record added or updated, or the status (-1: no answer).
int send_batch(httplib::Client& client, const WriteTarget& target, std::size_t k) {
  auto res = client.Post("/v1/clauses:batch", {{"X-API-Key", target.admin_key}}, batch_body(target, k),
                         "application/x-ndjson");
  if (!res) return -1;
  if (res->status != 200) return res->status;
  const json out = json::parse(res->body, nullptr, false);
  const bool whole = out.is_object() && out.value("added", 0UL) + out.value("updated", 0UL) == target.batch_size &&
                     out["rejected"].empty();
  return whole ? 200 : 599;  // 599: acknowledged, but not as sent (counted as a failure)
}

}  // namespace

std::string batch_marker(const WriteTarget& target, std::size_t k) {
  // Ending in a digit: the English stemmer takes suffixes off words of
  // letters ("...xas" and "...xa" became one term, so two batches counted
  // as one of 40), never off a word that ends in a digit.
  return "zqmark" + target.run_id + "k" + std::to_string(k);
}

std::string batch_body(const WriteTarget& target, std::size_t k) {
  std::string body;
  const std::string marker = batch_marker(target, k);
  for (std::size_t i = 0; i < target.batch_size; ++i) {
    const json record = {{"id", target.run_id + "-" + std::to_string(k) + "-" + std::to_string(i)},
                         {"platform", "Loadbench"},
                         {"document", "Terms"},
                         {"categories", {"Other"}},
                         {"text", "Clause " + std::to_string(i) + " of batch " + marker +
                                      ": we may change these terms at any time with notice."}};
    body += record.dump() + "\n";
  }
  return body;
}

long marker_total(const WriteTarget& target, std::size_t k, int* status) {
  auto client = client_of(target);
  return search_marker(*client, target, k, status);
}

bool LoadReport::clean() const {
  for (const auto& [status, n] : read_statuses) {
    if (status >= 500) return false;
  }
  for (const auto& [status, n] : write_statuses) {
    if (status >= 500 && status != 503) return false;
  }
  return reads_partial == 0 && reads_stale == 0 && failed_requests == 0 && acked_missing == 0 &&
         writes_acked > 0 && reads > 0;
}

LoadReport run_load(const WriteTarget& target, const LoadOptions& options) {
  std::vector<std::atomic<int>> state(kMaxBatches);
  std::atomic<std::size_t> next_batch{0};
  std::atomic<bool> stop{false};
  std::mutex mu;
  LoadReport report;
  const auto start = Clock::now();
  const std::size_t batch_bound = options.max_batches > 0 ? std::min(options.max_batches, kMaxBatches) : kMaxBatches;
  std::atomic<std::size_t> writers_done{0};

  auto writer = [&] {
    auto client = client_of(target);
    std::map<int, std::size_t> statuses;
    std::size_t sent = 0, acked = 0, busy = 0, failed = 0;
    while (!stop) {
      const std::size_t k = next_batch.fetch_add(1);
      if (k >= batch_bound) break;
      state[k] = kInFlight;
      const int status = send_batch(*client, target, k);
      ++sent;
      ++statuses[status];
      if (status == 200) {
        state[k] = kAcked;
        ++acked;
      } else {
        state[k] = kRefused;
        busy += status == 503;
        failed += status == -1;
      }
    }
    ++writers_done;
    std::lock_guard lock(mu);
    report.writes_sent += sent;
    report.writes_acked += acked;
    report.writes_busy += busy;
    report.failed_requests += failed;
    for (const auto& [s, n] : statuses) report.write_statuses[s] += n;
  };
  auto reader = [&](unsigned seed) {
    auto client = client_of(target);
    std::mt19937 rng(seed);
    std::map<int, std::size_t> statuses;
    std::size_t reads = 0, partial = 0, stale = 0, failed = 0;
    while (!stop) {
      const std::size_t started = std::min(next_batch.load(), batch_bound);
      if (started == 0) {
        std::this_thread::yield();
        continue;
      }
      const std::size_t k = std::uniform_int_distribution<std::size_t>(0, started - 1)(rng);
      const int before = state[k];
      int status = 0;
      const long total = search_marker(*client, target, k, &status);
      ++reads;
      ++statuses[status];
      if (total < 0) {
        failed += status == 0;
        continue;
      }
      if (total != 0 && total != static_cast<long>(target.batch_size)) ++partial;
      if (before == kAcked && total == 0) ++stale;
    }
    std::lock_guard lock(mu);
    report.reads += reads;
    report.reads_partial += partial;
    report.reads_stale += stale;
    report.failed_requests += failed;
    for (const auto& [s, n] : statuses) report.read_statuses[s] += n;
  };

  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < options.writers; ++i) threads.emplace_back(writer);
  for (std::size_t i = 0; i < options.readers; ++i) threads.emplace_back(reader, static_cast<unsigned>(i + 1));
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  while (Clock::now() < deadline && writers_done < options.writers) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop = true;
  for (auto& t : threads) t.join();
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  auto client = client_of(target);
  const std::size_t started = std::min(next_batch.load(), batch_bound);
  for (std::size_t k = 0; k < started; ++k) {
    if (state[k] != kAcked) continue;
    ++report.acked_checked;
    if (search_marker(*client, target, k, nullptr) != static_cast<long>(target.batch_size)) ++report.acked_missing;
  }
  return report;
}

void write_until_failure(const WriteTarget& target, const std::string& acked_file,
                         std::atomic<std::size_t>& acked, const std::atomic<bool>& stop) {
  auto client = client_of(target);
  std::FILE* out = acked_file.empty() ? nullptr : std::fopen(acked_file.c_str(), "a");
  for (std::size_t k = acked; !stop; ++k) {
    int status = send_batch(*client, target, k);
    while (status == 503 && !stop) {  // the writer was busy: as told, retry
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      status = send_batch(*client, target, k);
    }
    if (status != 200) break;
    if (out) {
      std::fprintf(out, "%zu\n", k);
      std::fflush(out);
    }
    acked = k + 1;
  }
  if (out) std::fclose(out);
}

bool KillCheck::ok() const {
  return acked_whole == acked && (unacked_total == 0 || unacked_total == static_cast<long>(batch_size));
}

KillCheck check_after_kill(const WriteTarget& target, std::size_t acked) {
  KillCheck check;
  check.acked = acked;
  check.batch_size = target.batch_size;
  auto client = client_of(target);
  for (std::size_t k = 0; k < acked; ++k) {
    if (search_marker(*client, target, k, nullptr) == static_cast<long>(target.batch_size)) ++check.acked_whole;
  }
  check.unacked_total = search_marker(*client, target, acked, nullptr);
  return check;
}

}  // namespace clause::bench
