// Exactly once without hints: what each shipped create action guarantees,
// how the idempotency key fills the field a lookup searches by, and
// [policy] guarantee = "exactly-once" refusing an at-least-once sink.
#include "engine/sink_contract.hpp"
#include "engine/sink_guarantees.hpp"
#include "support/harness.hpp"

#include <doctest/doctest.h>

using namespace photobridge;
using engine::SinkGuarantee;
namespace json = boost::json;

namespace {

engine::SinkContract contract_of(const std::string& plugin, const std::string& action) {
    const auto p = testing::built_plugins().find(plugin);
    REQUIRE(p);
    return engine::read_sink_contract(*p, action);
}

model::RecordTemplateObject params(json::object o) { return model::RecordTemplateObject(o); }

}  // namespace

TEST_CASE("guarantees: every shipped create action is exactly once, or says why not") {
    const auto upload = contract_of("shootbin", "upload_photo");
    REQUIRE(upload.key_into.has_value());
    CHECK(upload.key_into->param == "client_original_filename");
    const auto derived = engine::sink_guarantee(upload, params({{"project", 1}, {"album", 12}}));
    CHECK(derived.level == SinkGuarantee::Level::exactly_once);
    CHECK(derived.text.find("client_original_filename comes from the idempotency key") != std::string::npos);
    const auto named = engine::sink_guarantee(upload, params({{"client_original_filename", "{provider}-{id}.jpg"}}));
    CHECK(named.level == SinkGuarantee::Level::exactly_once);
    CHECK(named.text.find("idempotency key") == std::string::npos);

    const auto contact = contract_of("snapbar", "create_contact");
    CHECK(engine::sink_guarantee(contact, params({{"email", "{person.email}"}, {"studio_ids", json::array{"s1"}}})).level ==
          SinkGuarantee::Level::exactly_once);
    const auto no_email = engine::sink_guarantee(contact, params({{"studio_ids", json::array{"s1"}}}));
    CHECK(no_email.level == SinkGuarantee::Level::at_least_once);
    CHECK(no_email.text.find("set params.email") != std::string::npos);

    CHECK(engine::sink_guarantee(contract_of("files", "write"), params({{"name", "{id}.jpg"}})).level ==
          SinkGuarantee::Level::exactly_once_in_effect);
    CHECK(engine::sink_guarantee(contract_of("generative_photos", "upload_image"), params({})).level ==
          SinkGuarantee::Level::at_least_once);
    CHECK(engine::sink_guarantee(contract_of("snapbar", "create_studio_session"), params({})).level ==
          SinkGuarantee::Level::at_least_once);
}

TEST_CASE("guarantees: the key becomes a file-name-safe value only when the workflow sets none") {
    CHECK(engine::key_as_name("headshotpro:507f1f77") == "headshotpro_3A507f1f77");
    CHECK(engine::key_as_name("a_b") == "a_5Fb");       // '_' itself is escaped: no two keys share a name
    CHECK(engine::key_as_name("a:b") != engine::key_as_name("a_3Ab"));
    CHECK(engine::key_as_name("x/y z.jpg") == "x_2Fy_20z.jpg");

    const auto upload = contract_of("shootbin", "upload_photo");
    json::object input{{"project", 1}};
    engine::fill_key_param(upload, input, "headshotpro:42");
    CHECK(input.at("client_original_filename") == "photobridge-headshotpro_3A42");
    json::object chosen{{"client_original_filename", "mine.jpg"}};
    engine::fill_key_param(upload, chosen, "headshotpro:42");
    CHECK(chosen.at("client_original_filename") == "mine.jpg");
    json::object null_value{{"client_original_filename", nullptr}};
    engine::fill_key_param(upload, null_value, "k");
    CHECK(null_value.at("client_original_filename") == "photobridge-k");
}

TEST_CASE("guarantees: [policy] guarantee = \"exactly-once\" names each at-least-once sink and where") {
    model::Workflow wf;
    wf.name = "strict";
    model::Connection gp;
    gp.name = "gp";
    gp.plugin = "generative_photos";
    wf.connections["gp"] = gp;
    model::Connection sb;
    sb.name = "sb";
    sb.plugin = "shootbin";
    wf.connections["sb"] = sb;
    model::Sink upload_image;
    upload_image.id = "gp.upload_image";
    upload_image.connection = "gp";
    upload_image.action = "upload_image";
    upload_image.where = model::SourcePosition{"strict.toml", 20, 1};
    model::Sink upload_photo;
    upload_photo.id = "sb.upload_photo";
    upload_photo.connection = "sb";
    upload_photo.action = "upload_photo";
    upload_photo.params = params({{"project", 1}, {"album", 12}});
    wf.sinks = {upload_image, upload_photo};

    CHECK(engine::guarantee_violations(wf, testing::built_plugins()).empty());  // not asked for
    wf.policy.exactly_once_required = true;
    wf.policy.guarantee_where = model::SourcePosition{"strict.toml", 30, 13};
    const auto violations = engine::guarantee_violations(wf, testing::built_plugins());
    REQUIRE(violations.size() == 1);
    CHECK(violations[0].find("strict.toml:20:1: sinks.gp.upload_image is at least once") == 0);
    CHECK(violations[0].find("[policy] guarantee = \"exactly-once\" (strict.toml:30:13) refuses it") != std::string::npos);
}

TEST_CASE("guarantees: after a fan-out step, a sink must not give every photo of a record the same identity") {
    model::Workflow wf;
    wf.name = "fan-out";
    for (const auto& [name, plugin] : {std::pair<std::string, std::string>{"snapbar", "snapbar"}, {"folder", "files"},
                                       {"sb", "shootbin"}}) {
        model::Connection c;
        c.name = name;
        c.plugin = plugin;
        wf.connections[name] = c;
    }
    wf.source.connection = "snapbar";
    wf.source.stream = "submissions";
    model::Step every;
    every.id = "photos";
    every.kind = model::Step::Kind::download;
    every.every_variant = true;
    model::Step one;
    one.id = "one";
    one.kind = model::Step::Kind::download;
    wf.steps = {every, one};
    const auto sink = [&](const std::string& id, const std::string& connection, const std::string& action,
                          const std::string& after, json::object p) {
        model::Sink s;
        s.id = id;
        s.connection = connection;
        s.action = action;
        s.after = after;
        s.params = params(std::move(p));
        s.where = model::SourcePosition{"fan-out.toml", static_cast<int>(wf.sinks.size()) + 10, 1};
        wf.sinks.push_back(s);
    };
    sink("same-name", "folder", "write", "photos", {{"name", "{id}.jpg"}});
    sink("per-variant", "folder", "write", "photos", {{"name", "{id}-{variant}.jpg"}});
    sink("by-index", "folder", "write", "photos", {{"name", "{id}-{variant_index}.jpg"}});
    sink("from-key", "folder", "write", "photos", {});
    sink("fixed-upload", "sb", "upload_photo", "photos", {{"project", 1}, {"album", 12}, {"client_original_filename", "x.jpg"}});
    sink("step-result", "sb", "upload_photo", "photos",
         {{"project", 1}, {"album", 12}, {"client_original_filename", "{id}-{steps.photos.variant}.jpg"}});
    sink("once-per-record", "folder", "write", "one", {{"name", "{id}.jpg"}});

    const auto violations = engine::guarantee_violations(wf, testing::built_plugins());
    REQUIRE(violations.size() == 2);
    CHECK(violations[0].find("fan-out.toml:10:1: sinks.same-name.params.name: step 'photos' sends every photo") == 0);
    CHECK(violations[0].find("put {variant} or {variant_index} in it, or leave it out") != std::string::npos);
    CHECK(violations[1].find("fan-out.toml:14:1: sinks.fixed-upload.params.client_original_filename:") == 0);
}
