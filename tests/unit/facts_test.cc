#include "facts/facts.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "facts/facts_cache.h"
#include "test_util.h"

namespace relmap {
namespace {

namespace fs = std::filesystem;

/// A fresh folder under the test's temporary directory.
std::string temp_folder(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/relmap-facts-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string describe(const Facts& facts) {
  std::string out;
  for (const Entity& e : facts.entities)
    out += std::string(e.id) + "@" + facts.files[e.file] + ":" + std::to_string(e.where.line) + " ";
  for (const Relation& r : facts.relations) {
    out += std::string(r.from) + "-" + std::string(r.type) + "-" + std::string(r.to) + "[" +
           std::string(r.source) + "|" + std::string(r.evidence) + "|" + basis_name(r.basis) + "]";
    for (const PropertyValue& p : facts.properties(r))
      out += std::string(p.name) + "=" + std::string(p.value) + ";";
    out += " ";
  }
  return out;
}

const char* const kArticle = R"(relations:
  - {from: japan, type: member_of, to: asean, evidence: Japan joined, start: 2001}
source: src
entities:
  - {id: asean, type: organisation, name: ASEAN, acronyms: [ASEAN, A]}
)";

TEST(FactsTest, SingleLineFieldsMustStayOnOneLine) {
  auto l = testing::load(std::string(testing::kBaseEntities) + R"(  - id: x
    type: country
    name: two
      lines
  - {id: y, type: country, name: "Y", iso_code: 'a
      b'}
relations:
  - {from: x, type: cooperates_with, to: y, source: src, evidence: "a quote may
      wrap"}
)");
  EXPECT_EQ(l->errors(),
            "facts.yaml:7:11: error: 'name' must be written on one line\n"
            "facts.yaml:9:49: error: property 'iso_code' must be written on one line\n"
            "facts.yaml:12:12: error: unknown id 'x' in 'from' (did you mean 'y'?)\n");
}

TEST(FactsTest, TheFilesSourceMayComeAfterItsRelations) {
  Facts facts;
  Diagnostics diags;
  ASSERT_TRUE(load_facts_text("a.yaml", kArticle, &facts, &diags)) << diags.format();
  EXPECT_EQ(describe(facts), "asean@a.yaml:5 japan-member_of-asean[src|Japan joined|stated]start=2001; ");
}

TEST(FactsTest, FoldersAreReadSortedAndWhatCannotBeReadIsAnError) {
  const std::string dir = temp_folder("walk");
  write(dir + "/b/2.yaml", "entities:\n  - {id: b2, type: country, name: B2}\n");
  write(dir + "/a.yml", "entities:\n  - {id: a, type: country, name: A}\n");
  write(dir + "/b/1.yaml", "entities:\n  - {id: b1, type: country, name: B1}\n");
  write(dir + "/notes.txt", "not facts");
  ASSERT_EQ(::symlink("missing.yaml", (dir + "/dangling.yaml").c_str()), 0);
  ASSERT_EQ(::symlink(".", (dir + "/b/loop").c_str()), 0);
  ASSERT_EQ(::mkfifo((dir + "/pipe.yaml").c_str(), 0600), 0);
  Facts facts;
  Diagnostics diags;
  EXPECT_FALSE(load_facts(dir, &facts, &diags));
  EXPECT_EQ(diags.format(),
            dir + "/b/loop: error: folder link loops back to a folder above it: not read twice\n" + dir +
                "/dangling.yaml: error: cannot follow link: No such file or directory\n" + dir +
                "/pipe.yaml: error: not a regular file: facts must be in plain files\n");
  EXPECT_FALSE(facts.complete);
  ASSERT_EQ(facts.entities.size(), 3u) << describe(facts);
  EXPECT_EQ(facts.entities[0].id, "a");
  EXPECT_EQ(facts.entities[1].id, "b1");
  EXPECT_EQ(facts.entities[2].id, "b2");
}

TEST(FactsTest, ManyFilesLoadTheSameInParallelAndFromTheCache) {
  const std::string dir = temp_folder("cache");
  for (int i = 0; i < 40; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/data/%03d.yaml", i);
    write(dir + name, "source: s" + std::to_string(i) + "\nentities:\n  - {id: e" + std::to_string(i) +
                          ", type: country, name: \"E\\u00e9 " + std::to_string(i) + "\", aliases: [x" +
                          std::to_string(i) + "]}\nrelations:\n  - {from: e" + std::to_string(i) +
                          ", type: cooperates_with, to: e0, evidence: 'q " + std::to_string(i) +
                          "', basis: implied, field: [a, b]}\n" + (i == 7 ? "  - {from: x}\n" : ""));
  }
  Facts one_by_one;
  Diagnostics expected_diags;
  for (int i = 0; i < 40; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/data/%03d.yaml", i);
    std::ifstream in(dir + name);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    load_facts_text(dir + name, text, &one_by_one, &expected_diags);
  }
  const std::string cache_path = dir + "/facts.cache";
  auto load_with_cache = [&](std::size_t* hits, std::size_t* misses, std::string* messages) {
    FactsCache cache(cache_path);
    Facts facts;
    Diagnostics diags;
    load_facts(dir + "/data", &facts, &diags, &cache);
    cache.save(&diags);
    *hits = cache.hits();
    *misses = cache.misses();
    *messages = diags.format();
    return describe(facts);
  };
  std::size_t hits = 0, misses = 0;
  std::string messages;
  EXPECT_EQ(load_with_cache(&hits, &misses, &messages), describe(one_by_one));
  EXPECT_EQ(messages, expected_diags.format());
  EXPECT_EQ(hits, 0u);
  EXPECT_EQ(misses, 40u);
  // Unchanged: everything from the cache, the same facts and messages.
  EXPECT_EQ(load_with_cache(&hits, &misses, &messages), describe(one_by_one));
  EXPECT_EQ(messages, expected_diags.format());
  EXPECT_EQ(hits, 40u);
  EXPECT_EQ(misses, 0u);
  // Touched but not changed: still from the cache. Changed: parsed again.
  write(dir + "/data/003.yaml",
        "source: s3\nentities:\n  - {id: e3, type: country, name: \"E\\u00e9 3\", aliases: [x3]}\n"
        "relations:\n  - {from: e3, type: cooperates_with, to: e0, evidence: 'q 3', basis: implied, "
        "field: [a, b]}\n");
  write(dir + "/data/004.yaml", "source: s4\nentities:\n  - {id: e4, type: country, name: Changed}\n");
  const std::string after = load_with_cache(&hits, &misses, &messages);
  EXPECT_NE(after.find("e4@"), std::string::npos);
  EXPECT_EQ(after.find("e4-cooperates_with"), std::string::npos);
  EXPECT_EQ(hits, 39u);
  EXPECT_EQ(misses, 1u);
  // Removed and renamed files.
  fs::rename(dir + "/data/010.yaml", dir + "/data/zz.yaml");
  fs::remove(dir + "/data/011.yaml");
  const std::string renamed = load_with_cache(&hits, &misses, &messages);
  EXPECT_EQ(hits, 39u);
  EXPECT_EQ(misses, 0u);
  EXPECT_NE(renamed.find("e10@" + dir + "/data/zz.yaml:3"), std::string::npos) << renamed;
  EXPECT_EQ(renamed.find("e11@"), std::string::npos);
}

/// (inode, modification time) of a file; {0, 0} if there is none.
std::pair<ino_t, std::int64_t> identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {0, 0};
  return {st.st_ino, std::int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec};
}

TEST(FactsTest, ACacheKeepsFewChangesInADeltaAndMergesMany) {
  const std::string dir = temp_folder("delta");
  auto article = [](int i, const std::string& name) {
    return "source: s" + std::to_string(i) + "\nentities:\n  - {id: e" + std::to_string(i) +
           ", type: country, name: " + name + "}\n";
  };
  auto file = [&](int i) {
    char name[32];
    std::snprintf(name, sizeof name, "/data/%03d.yaml", i);
    return dir + name;
  };
  for (int i = 0; i < 40; ++i) write(file(i), article(i, "E" + std::to_string(i)));
  const std::string cache_path = dir + "/facts.cache", delta = cache_path + ".delta";
  auto load = [&](std::size_t* hits) {
    FactsCache cache(cache_path);
    Facts facts;
    Diagnostics diags;
    load_facts(dir + "/data", &facts, &diags, &cache);
    cache.save(&diags);
    EXPECT_EQ(diags.format(), "");
    *hits = cache.hits();
    return describe(facts);
  };
  std::size_t hits = 0;
  load(&hits);
  const auto base = identity(cache_path);
  ASSERT_NE(base.first, 0u);
  EXPECT_EQ(identity(delta).first, 0u);
  // One file changed, one removed: a delta beside the cache file, which stays.
  write(file(3), article(3, "Changed"));
  fs::remove(file(39));
  std::string facts = load(&hits);
  EXPECT_EQ(hits, 38u);
  EXPECT_NE(facts.find("e3@"), std::string::npos);
  EXPECT_EQ(identity(cache_path), base);
  ASSERT_NE(identity(delta).first, 0u);
  // Read back through the delta: everything from the cache, the change too.
  EXPECT_EQ(load(&hits), facts);
  EXPECT_EQ(hits, 39u);
  // Another change: the delta made anew, still on the same cache file.
  write(file(4), article(4, "Changed"));
  facts = load(&hits);
  EXPECT_EQ(hits, 38u);
  EXPECT_EQ(identity(cache_path), base);
  EXPECT_EQ(load(&hits), facts);
  EXPECT_EQ(hits, 39u);
  // Many changes: merged into a new cache file, the delta gone.
  for (int i = 10; i < 30; ++i) write(file(i), article(i, "Many"));
  facts = load(&hits);
  EXPECT_EQ(hits, 19u);
  EXPECT_NE(identity(cache_path), base);
  EXPECT_EQ(identity(delta).first, 0u);
  EXPECT_EQ(load(&hits), facts);
  EXPECT_EQ(hits, 39u);
  // A delta of another cache file is never used.
  write(file(5), article(5, "Changed"));
  load(&hits);
  ASSERT_NE(identity(delta).first, 0u);
  fs::copy_file(delta, dir + "/old-delta");
  write(file(6), article(6, "Changed"));
  for (int i = 10; i < 30; ++i) write(file(i), article(i, "Again"));
  facts = load(&hits);  // merged: a new cache file
  EXPECT_EQ(identity(delta).first, 0u);
  fs::copy_file(dir + "/old-delta", delta);
  EXPECT_EQ(load(&hits), facts);
  EXPECT_EQ(hits, 39u);
}

TEST(FactsTest, ACorruptCacheIsIgnored) {
  const std::string dir = temp_folder("corrupt");
  write(dir + "/data/a.yaml", kArticle);
  const std::string cache_path = dir + "/facts.cache";
  {
    FactsCache cache(cache_path);
    Facts facts;
    Diagnostics diags;
    load_facts(dir + "/data", &facts, &diags, &cache);
    cache.save(&diags);
    ASSERT_EQ(cache.misses(), 1u);
  }
  // Flip bytes inside the payload, then truncate: never trusted, never a crash.
  for (const bool truncate : {false, true}) {
    std::string bytes;
    {
      std::ifstream in(cache_path, std::ios::binary);
      bytes.assign((std::istreambuf_iterator<char>(in)), {});
    }
    if (truncate)
      bytes.resize(bytes.size() / 2);
    else
      for (std::size_t i = 56; i < 88 && i < bytes.size(); ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
    std::ofstream(cache_path, std::ios::binary | std::ios::trunc) << bytes;
    FactsCache cache(cache_path);
    Facts facts;
    Diagnostics diags;
    load_facts(dir + "/data", &facts, &diags, &cache);
    EXPECT_EQ(cache.hits(), 0u);
    EXPECT_EQ(describe(facts),
              "asean@" + dir + "/data/a.yaml:5 japan-member_of-asean[src|Japan joined|stated]start=2001; ");
    cache.save(&diags);
  }
}

}  // namespace
}  // namespace relmap
