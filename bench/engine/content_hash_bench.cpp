// bench_content_hash: the content hash every record costs on every run (a
// re-run over an unchanged source is mostly listing, this hash and the
// ledger lookup). A typical photo record as a source plugin returns it.
#include "engine/content_hash.hpp"

#include <benchmark/benchmark.h>

namespace {

const boost::json::value& photo_record() {
    static const boost::json::value record = boost::json::parse(R"({
        "kind": "photo", "id": "507f1f77bcf86cd799439022", "provider": "headshotpro",
        "person": {"id": "u1", "email": "ann.example@example.com", "name": "Ann Example", "external_id": null},
        "status": "done", "approved": true, "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-02T10:00:00Z", "title": "Headshot 12", "tags": ["studio", "blue"],
        "media": [
            {"variant": "main", "url": "https://cdn.example/x.jpg?sig=AAA", "width": 800, "height": 1000,
             "content_type": "image/jpeg", "expires_at": "2024-05-01T11:00:00Z"},
            {"variant": "original", "url": "https://cdn.example/y.jpg?sig=AAA", "width": 1600, "height": 2000,
             "content_type": "image/jpeg", "expires_at": "2024-05-01T11:00:00Z"}],
        "raw": {"_id": "507f1f77bcf86cd799439022", "views": 3}
    })");
    return record;
}

void content_hash_of_a_photo(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(photobridge::engine::content_hash(photo_record()));
}
BENCHMARK(content_hash_of_a_photo);

void canonical_text_of_a_photo(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(photobridge::engine::canonical_text_for_hash(photo_record()));
}
BENCHMARK(canonical_text_of_a_photo);

}  // namespace

BENCHMARK_MAIN();
