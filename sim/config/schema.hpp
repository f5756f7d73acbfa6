// One declaration per scenario key: its name, type, unit, default, range and meaning, bound to the
// member of the plain struct it fills. The loader reads with these declarations, the run.yaml
// writer writes with them, and `modisim list --keys` and docs/config.md are generated from them
// (a test checks that docs/config.md is current). Keys whose value depends on another key (the
// arrival `kind`) declare when they apply.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/yaml_reader.hpp"
#include "sim/core/csv.hpp"

namespace modi::config {

/// What `modisim list --keys` and docs/config.md say about one key.
struct KeyDoc {
  std::string key;
  std::string type;          ///< number, integer, boolean, duration, size, bandwidth, rate, energy, text, ...
  std::string default_text;  ///< as a user would write it
  std::string range;         ///< allowed values
  std::string help;
  std::string applies;       ///< "when kind is periodic" (empty: always)
};

struct SectionDoc {
  std::string path;  ///< "simulation", "edges[]", "phones[].apps[].arrival"
  std::string help;
  std::vector<KeyDoc> keys;
};

template <class S>
struct Field {
  Field(KeyDoc d, std::function<void(Map&, S&)> r, std::function<void(YAML::Emitter&, const S&)> w)
      : doc(std::move(d)), read(std::move(r)), write(std::move(w)) {}
  KeyDoc doc;
  std::function<void(Map&, S&)> read;                    ///< reads the key, or sets its default
  std::function<void(YAML::Emitter&, const S&)> write;   ///< writes the resolved value (null: not written)
  std::function<bool(const S&)> applies;                 ///< null: always
  std::string applies_key;                               ///< the key `applies` looks at
};

/// Reads every field that applies (in declaration order: a condition may depend on an earlier
/// field); a key given where it does not apply is an error naming when it does.
template <class S>
void read_fields(Map& m, S& s, const std::vector<Field<S>>& fields) {
  for (const auto& f : fields) {
    if (!f.applies || f.applies(s)) {
      f.read(m, s);
    } else if (m.has(f.doc.key)) {
      m.fail(f.doc.key, fmt::format("'{}' applies only {}", f.doc.key, f.doc.applies),
             fmt::format("no {} here, or another {}", f.doc.key, f.applies_key));
    }
  }
}

template <class S>
void write_fields(YAML::Emitter& out, const S& s, const std::vector<Field<S>>& fields) {
  for (const auto& f : fields)
    if (f.write && (!f.applies || f.applies(s))) {
      out << YAML::Key << f.doc.key << YAML::Value;
      f.write(out, s);
    }
}

template <class S>
SectionDoc document(std::string path, std::string help, const std::vector<Field<S>>& fields) {
  SectionDoc d{std::move(path), std::move(help), {}};
  for (const auto& f : fields)
    d.keys.push_back(f.doc);
  return d;
}

// --- field makers ------------------------------------------------------------------------

inline std::string num_text(double x) { return csv::format_double(x); }
std::string range_text(double lo, double hi, const std::string& unit = "");
/// Names of edges, cells, phones and apps: 1 to 64 of [A-Za-z0-9_.-], starting with a letter or
/// digit (they become parts of SimGrid names and of CSV cells).
bool is_identifier(const std::string& name);
/// How a person writes these quantities (docs only: run.yaml uses base units).
std::string human_duration(double s);
std::string human_size(double bytes);
std::string human_bandwidth(double bps);

/// A field that only applies when `key` (read earlier) has one of `values`.
template <class S, class Pred>
Field<S> when(Field<S> f, std::string key, std::string said, Pred pred) {
  f.applies = pred;
  f.applies_key = std::move(key);
  f.doc.applies = std::move(said);
  return f;
}

template <class S>
Field<S> number(const char* key, double S::*m, double def, double lo, double hi, const char* help) {
  return {{key, "number", num_text(def), range_text(lo, hi), help, ""},
          [=](Map& map, S& s) { s.*m = map.number(key, def, lo, hi); },
          [=](YAML::Emitter& out, const S& s) { out << num_text(s.*m); }};
}

template <class S, class T>
Field<S> integer(const char* key, T S::*m, uint64_t def, uint64_t lo, uint64_t hi, const char* help) {
  return {{key, "integer", std::to_string(def), fmt::format("[{}, {}]", lo, hi), help, ""},
          [=](Map& map, S& s) { s.*m = static_cast<T>(map.integer(key, def, lo, hi)); },
          [=](YAML::Emitter& out, const S& s) { out << static_cast<uint64_t>(s.*m); }};
}

template <class S>
Field<S> boolean(const char* key, bool S::*m, bool def, const char* help) {
  return {{key, "boolean", def ? "true" : "false", "true, false", help, ""},
          [=](Map& map, S& s) { s.*m = map.boolean(key, def); },
          [=](YAML::Emitter& out, const S& s) { out << (s.*m); }};
}

template <class S>
Field<S> duration(const char* key, double S::*m, double def, double lo, double hi, const char* help) {
  return {{key, "duration", human_duration(def), range_text(lo, hi, "s"), help, ""},
          [=](Map& map, S& s) { s.*m = map.duration(key, def, lo, hi); },
          [=](YAML::Emitter& out, const S& s) { out << num_text(s.*m) + "s"; }};
}

/// A one-way latency: a duration in [0, kMaxLatencyS].
template <class S>
Field<S> latency(const char* key, double S::*m, double def, const char* help) {
  return duration(key, m, def, 0, kMaxLatencyS, help);
}

/// A duration that must be above zero (deadline, interval): "<key> must be positive".
template <class S>
Field<S> positive_duration(const char* key, double S::*m, double def, const char* help) {
  return {{key, "duration", def > 0 ? human_duration(def) : "required", "> 0 s", help, ""},
          [=](Map& map, S& s) {
            s.*m = map.duration(key, def);
            if (s.*m <= 0)
              map.fail(key, fmt::format("{} must be positive", key), "a duration above zero");
          },
          [=](YAML::Emitter& out, const S& s) { out << num_text(s.*m) + "s"; }};
}

template <class S>
Field<S> size(const char* key, double S::*m, double def, double lo, const char* help) {
  return {{key, "size", human_size(def), range_text(lo, 1e300, "B"), help, ""},
          [=](Map& map, S& s) { s.*m = map.size(key, def, lo); },
          [=](YAML::Emitter& out, const S& s) { out << num_text(s.*m) + "B"; }};
}

template <class S>
Field<S> bandwidth(const char* key, double S::*m, double def, const char* help) {
  return {{key, "bandwidth", human_bandwidth(def), "(0, 1Pbps]", help, ""},
          [=](Map& map, S& s) { s.*m = map.bandwidth(key, def); },
          [=](YAML::Emitter& out, const S& s) { out << num_text(s.*m) + "bps"; }};
}

template <class S>
Field<S> rate(const char* key, double S::*m, double def, const char* help) {
  return {{key, "rate", num_text(def) + "/s", "> 0", help, ""}, [=](Map& map, S& s) { s.*m = map.rate(key, def); },
          [=](YAML::Emitter& out, const S& s) { out << num_text(s.*m) + "/s"; }};
}

/// Text; `required` keys have no default; `identifier` ones may not contain separators.
template <class S>
Field<S> text(const char* key, std::string S::*m, const char* def, const char* help, bool required = false,
              bool identifier = false) {
  return {{key, "text", required ? "required" : (std::string(def).empty() ? "\"\"" : def), identifier ? "a name" : "",
           help, ""},
          [=](Map& map, S& s) {
            s.*m = required ? map.required_str(key) : map.str(key, def);
            if (identifier && !is_identifier(s.*m))
              map.fail(key, fmt::format("'{}' is not a name", printable(s.*m)),
                       "1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit");
          },
          [=](YAML::Emitter& out, const S& s) { out << s.*m; }};
}

/// Where run.yaml is written while a scenario is being emitted: file paths are written relative to
/// it (or absolute, when they were), so `modisim run run.yaml` finds them from any directory.
/// Empty: paths are written as they are. Set for the duration of config::to_yaml.
std::string& emit_base_dir();
/// `path` (relative to the working directory, or absolute) as run.yaml should name it.
std::string rebased_path(const std::string& path);

/// A file path (resolved against the scenario by its section reader), written rebased.
template <class S>
Field<S> path_text(const char* key, std::string S::*m, const char* help, bool required = false) {
  auto f = text(key, m, "", help, required);
  f.write = [=](YAML::Emitter& out, const S& s) { out << rebased_path(s.*m); };
  return f;
}

/// One of a fixed set of words, stored as an enum.
template <class S, class E>
Field<S> choice(const char* key, E S::*m, std::vector<std::pair<std::string, E>> words, E def, const char* help,
                const char* what = "value") {
  std::string def_word, all;
  for (const auto& [w, e] : words) {
    all += (all.empty() ? "" : ", ") + w;
    if (e == def)
      def_word = w;
  }
  return {{key, "choice", def_word, all, help, ""},
          [=](Map& map, S& s) {
            const std::string w = map.str(key, def_word);
            for (const auto& [word, e] : words)
              if (word == w) {
                s.*m = e;
                return;
              }
            map.fail(key, fmt::format("unknown {} '{}'", what, w), all);
          },
          [=](YAML::Emitter& out, const S& s) {
            for (const auto& [word, e] : words)
              if (e == s.*m)
                out << word;
          }};
}

/// One of a fixed set of words, stored as the word.
template <class S>
Field<S> word(const char* key, std::string S::*m, std::vector<std::string> words, const char* def, const char* help,
              const char* what = "value") {
  const std::string all = fmt::format("{}", fmt::join(words, ", "));
  return {{key, "choice", def, all, help, ""},
          [=](Map& map, S& s) {
            s.*m = map.str(key, def);
            if (std::find(words.begin(), words.end(), s.*m) == words.end())
              map.fail(key, fmt::format("unknown {} '{}'", what, s.*m), "one of " + all);
          },
          [=](YAML::Emitter& out, const S& s) { out << s.*m; }};
}

/// A list of names (a single name is a list of one).
template <class S>
Field<S> names(const char* key, std::vector<std::string> S::*m, std::vector<std::string> def, const char* help) {
  return {{key, "names", def.empty() ? "[]" : fmt::format("[{}]", fmt::join(def, ", ")), "", help, ""},
          [=](Map& map, S& s) { s.*m = map.list(key, def); },
          [=](YAML::Emitter& out, const S& s) {
            out << YAML::Flow << YAML::BeginSeq;
            for (const auto& n : s.*m)
              out << n;
            out << YAML::EndSeq;
          }};
}

/// A key whose reading and writing the section does itself (lists of sections, policy
/// parameters, maps): documented here, read and written by the section reader.
template <class S>
Field<S> structural(const char* key, const char* type, const char* def, const char* help) {
  return {{key, type, def, "", help, ""}, [](Map&, S&) {}, nullptr};
}

}  // namespace modi::config
