// The ceiling for the sync benchmark (bench/engine/run_speed_bench.sh): the
// same requests as bench/baselines/keepalive_baseline.py, made by the
// leanest C++ a user could write with the project's own libraries. One
// thread lists the favorites pages; 8 threads each keep one keep-alive
// cpp-httplib connection, download each photo and upload it to the Shootbin
// album as multipart. No state, no retries, no duplicate protection, no
// plugin, no checks beyond the status: what is left when nothing but the
// requests is done.
//
// Usage: bench_bare_sync_client --mock http://127.0.0.1:PORT [--threads 8] [--page-size 200]
// Prints one JSON line: {"records": N, "seconds": S, "records_per_second": R, "bytes": B}.
#include <boost/json.hpp>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char kToken[] = "Bearer mock-token";

struct Photo {
    std::string id;
    std::string main_path;  // path and query of urls.main on the mock
    std::string title;
};

// Work from the listing thread to the workers; closed when the pages end.
class PhotoQueue {
public:
    void push(Photo photo) {
        {
            std::lock_guard lock(mutex_);
            photos_.push_back(std::move(photo));
        }
        ready_.notify_one();
    }
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        ready_.notify_all();
    }
    bool pop(Photo& photo) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return closed_ || !photos_.empty(); });
        if (photos_.empty()) return false;
        photo = std::move(photos_.front());
        photos_.pop_front();
        return true;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Photo> photos_;
    bool closed_ = false;
};

std::string path_of(const std::string& url, const std::string& origin) {
    if (url.compare(0, origin.size(), origin) != 0) throw std::runtime_error("a photo URL off the mock: " + url);
    return url.substr(origin.size());
}

void check(const httplib::Result& result, const char* what) {
    if (!result) throw std::runtime_error(std::string(what) + ": " + httplib::to_string(result.error()));
    if (result->status >= 400) throw std::runtime_error(std::string(what) + ": HTTP " + std::to_string(result->status));
}

}  // namespace

int main(int argc, char** argv) {
    std::string mock;
    int threads = 8;
    int page_size = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--mock") {
            mock = argv[i + 1];
        } else if (flag == "--threads") {
            threads = std::atoi(argv[i + 1]);
        } else if (flag == "--page-size") {
            page_size = std::atoi(argv[i + 1]);
        }
    }
    if (mock.empty() || threads < 1 || page_size < 1) {
        std::cerr << "usage: bench_bare_sync_client --mock URL [--threads N] [--page-size N]\n";
        return 2;
    }
    const httplib::Headers auth{{"Authorization", kToken}};
    PhotoQueue queue;
    std::atomic<long long> done{0};
    std::atomic<long long> bytes{0};
    std::atomic<bool> failed{false};
    const auto started = std::chrono::steady_clock::now();

    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            httplib::Client client(mock);
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            Photo photo;
            const std::string boundary = "bare-sync-client-boundary";
            std::string body;
            while (queue.pop(photo)) {
                try {
                    auto image = client.Get(photo.main_path);
                    check(image, "download");
                    body.clear();
                    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" +
                            photo.title + "\r\n--" + boundary +
                            "\r\nContent-Disposition: form-data; name=\"client_original_filename\"\r\n\r\n"
                            "baseline-" +
                            photo.id + ".jpg\r\n--" + boundary +
                            "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.jpg\"\r\n"
                            "Content-Type: image/jpeg\r\n\r\n";
                    body += image->body;
                    body += "\r\n--" + boundary + "--\r\n";
                    auto uploaded = client.Post("/shootbin/api/projects/1/albums/12/photos", auth, body,
                                                "multipart/form-data; boundary=" + boundary);
                    check(uploaded, "upload");
                    bytes += static_cast<long long>(image->body.size());
                    ++done;
                } catch (const std::exception& e) {
                    std::cerr << e.what() << "\n";
                    failed = true;
                }
            }
        });
    }

    int status = 0;
    try {
        httplib::Client lister(mock);
        lister.set_keep_alive(true);
        lister.set_tcp_nodelay(true);
        for (long long offset = 0;;) {
            auto page = lister.Get("/headshotpro/organization/photos/favorites?limit=" + std::to_string(page_size) +
                                       "&offset=" + std::to_string(offset) + "&include=main",
                                   auth);
            check(page, "list");
            const auto doc = boost::json::parse(page->body).as_object();
            const auto& photos = doc.at("photos").as_array();
            for (const auto& value : photos) {
                const auto& p = value.as_object();
                Photo photo;
                const auto& id = p.at("id");
                photo.id = id.is_string() ? std::string(id.as_string()) : boost::json::serialize(id);
                photo.main_path = path_of(boost::json::value_to<std::string>(p.at("urls").at("main")), mock);
                const auto* member = p.if_contains("member");
                const boost::json::value* name = member != nullptr && member->is_object()
                                                     ? member->as_object().if_contains("name")
                                                     : nullptr;
                photo.title = name != nullptr && name->is_string() ? std::string(name->as_string()) : "Unknown";
                queue.push(std::move(photo));
            }
            offset += static_cast<long long>(photos.size());
            if (!doc.at("pagination").at("hasMore").as_bool()) break;
        }
    } catch (const std::exception& e) {
        std::cerr << "list: " << e.what() << "\n";
        status = 1;
    }
    queue.close();
    for (auto& worker : workers) worker.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (failed) status = 1;
    std::printf("{\"records\": %lld, \"seconds\": %.3f, \"records_per_second\": %.1f, \"bytes\": %lld}\n", done.load(),
                seconds, static_cast<double>(done.load()) / seconds, bytes.load());
    return status;
}
