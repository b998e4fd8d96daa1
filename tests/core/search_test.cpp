// search_test.cpp — search behaviour on the hand-written fixture: folding,
// prefixes, typos, compounds, synonyms, filters and ranking.
#include "veldwijzer/search.h"

#include "directory_fixture.h"

#include <catch_amalgamated.hpp>

using namespace veldwijzer;

namespace {

struct Fixture {
  Directory directory;
  SearchIndex index;
  Fixture() : directory(load()), index(SearchIndex::build(directory, synonyms(directory))) {}

  static Directory load() {
    auto d = load_directory(fixture_directory_json(), "fixture.json", fixture_region());
    REQUIRE(d.ok());
    return std::move(d).value();
  }
  static Synonyms synonyms(const Directory &d) {
    auto s = load_synonyms(kFixtureSynonyms, "synonyms.json", d);
    REQUIRE(s.ok());
    return std::move(s).value();
  }
  std::vector<std::string> ids(SearchQuery q) const {
    std::vector<std::string> out;
    for (const SearchHit &hit : index.search(q)) {
      out.push_back(hit.service->id);
    }
    return out;
  }
  std::vector<std::string> ids(const std::string &text) const {
    SearchQuery q;
    q.text = text;
    return ids(q);
  }
};

} // namespace

TEST_CASE("a service is found by its name regardless of case and diacritics") {
  Fixture f;
  CHECK(f.ids("veilig thuis").front() == "svc-vt");
  CHECK(f.ids("VEILIG THÜIS").front() == "svc-vt");
  CHECK(f.ids("vtt").front() == "svc-vt");
}

TEST_CASE("a word being typed matches as a prefix") {
  Fixture f;
  CHECK(f.ids("veil").front() == "svc-vt");
  CHECK(f.ids("kinderte").front() == "svc-kindertelefoon");
}

TEST_CASE("a typo in a longer word is forgiven: huislijk geweld finds huiselijk geweld") {
  Fixture f;
  CHECK(f.ids("huislijk geweld").front() == "svc-vt");
  CHECK(f.ids("kindertelfoon").front() == "svc-kindertelefoon");
}

TEST_CASE("part of a compound finds the whole: vervuiling finds woningvervuiling") {
  Fixture f;
  CHECK(f.ids("vervuiling").front() == "svc-woning");
}

TEST_CASE("a synonym finds services filed under its topic: geldzorgen finds schulden") {
  Fixture f;
  const auto hits = f.ids("geldzorgen");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits.front() == "svc-wijkteam-tubbergen");
  CHECK(f.ids("mishandeling").front() == "svc-vt");
}

TEST_CASE("every query word must match") {
  Fixture f;
  CHECK(f.ids("veilig kindertelefoon").empty());
}

TEST_CASE("no result and garbage input give an empty list, not an error") {
  Fixture f;
  CHECK(f.ids("xyzzyplugh").empty());
  CHECK(f.ids(std::string("\xFF\xFE\x01", 3)).size() == 4); // no words: browse all (policy hidden)
  CHECK(f.ids(std::string(10000, 'a')).empty());
}

TEST_CASE("an empty query lists every service the filters allow, policy bodies hidden") {
  Fixture f;
  CHECK(f.ids("").size() == 4);
  SearchQuery q;
  q.include_policy = true;
  CHECK(f.ids(q).size() == 5);
}

TEST_CASE("the municipality filter keeps only services covering it") {
  Fixture f;
  SearchQuery q;
  q.text = "schulden";
  q.municipality = "GM0164"; // Hengelo: no local team in the fixture
  CHECK(f.ids(q).empty());
  q.municipality = "GM0183";
  CHECK(f.ids(q) == std::vector<std::string>{"svc-wijkteam-tubbergen"});
}

TEST_CASE("services covering the preferred municipality rank first, local before regional") {
  Fixture f;
  SearchQuery q;
  q.text = "";
  q.preferred_municipality = "GM0183";
  CHECK(f.ids(q).front() == "svc-wijkteam-tubbergen");
}

TEST_CASE("the age filter keeps services whose age range includes the client") {
  Fixture f;
  SearchQuery q;
  q.age_months = 7 * 12; // 7 years: too young for the Kindertelefoon (8+)
  auto ids = f.ids(q);
  CHECK(std::find(ids.begin(), ids.end(), "svc-kindertelefoon") == ids.end());
  q.age_months = 12 * 12;
  ids = f.ids(q);
  CHECK(std::find(ids.begin(), ids.end(), "svc-kindertelefoon") != ids.end());
  q.age_months.reset();
  q.prenatal = true;
  ids = f.ids(q);
  CHECK(std::find(ids.begin(), ids.end(), "svc-kindertelefoon") == ids.end());
}

TEST_CASE("open now and 24/7 filters use the weekly hours") {
  Fixture f;
  SearchQuery q;
  q.open_now = true;
  q.now = LocalTime{2026, 11, 26, 3, 23 * 60}; // Thursday 23:00
  CHECK(f.ids(q) == std::vector<std::string>{"svc-vt"});
  q.now = LocalTime{2026, 11, 26, 3, 12 * 60};
  CHECK(f.ids(q).size() == 2); // VT and Kindertelefoon
  q.open_now = false;
  q.always_open_only = true;
  CHECK(f.ids(q) == std::vector<std::string>{"svc-vt"});
}

TEST_CASE("audience and topic filters") {
  Fixture f;
  SearchQuery q;
  q.audience = Audience::professionals;
  CHECK(f.ids(q) == std::vector<std::string>{"svc-vt"});
  q.audience = Audience::any;
  q.topic = "opvoeden";
  CHECK(f.ids(q) == std::vector<std::string>{"svc-wijkteam-tubbergen"});
}

TEST_CASE("the same query always gives the same order") {
  Fixture f;
  const auto first = f.ids("twente");
  for (int i = 0; i < 5; ++i) {
    CHECK(f.ids("twente") == first);
  }
}

TEST_CASE("a synonym group pointing at an unknown topic is refused") {
  auto d = Fixture::load();
  auto s = load_synonyms(R"({"groups": [{"terms": ["x"], "topics": ["nope"]}]})", "synonyms.json", d);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message() == "synonyms.json /groups/0/topics/0: unknown taxonomy term \"nope\"");
}
