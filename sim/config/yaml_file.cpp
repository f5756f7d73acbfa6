#include "sim/config/yaml_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "sim/core/paths.hpp"

namespace modi {

namespace {

SourceLocation at(const std::string& name, const YAML::Mark& m) {
  return {name, m.is_null() ? 0 : m.line + 1, m.is_null() ? 0 : m.column + 1, ""};
}

/// Line and column of byte `pos` in `text` (1-based).
SourceLocation at_byte(const std::string& name, const std::string& text, size_t pos) {
  int line = 1, col = 1;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {name, line, col, ""};
}

/// Duplicate keys (yaml-cpp keeps one silently) and nesting depth, over the whole tree.
void check_tree(const std::string& name, const YAML::Node& n, int depth) {
  if (depth > kMaxYamlDepth)
    throw InputError(at(name, n.Mark()), fmt::format("nested deeper than {} levels", kMaxYamlDepth),
                     "a scenario or sweep of mappings and lists");
  if (n.IsSequence()) {
    for (const auto& item : n)
      check_tree(name, item, depth + 1);
  } else if (n.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : n) {
      if (kv.first.IsScalar()) {
        const auto [it, fresh] = seen.emplace(kv.first.Scalar(), kv.first.Mark());
        if (!fresh)
          throw InputError(at(name, kv.first.Mark()),
                           fmt::format("duplicate key '{}' (first at line {})", printable(kv.first.Scalar()),
                                       it->second.line + 1),
                           "each key once per mapping");
      }
      check_tree(name, kv.second, depth + 1);
    }
  }
}

/// Counts the documents a parser call reads, and where the first starts.
struct DocumentCounter : YAML::EventHandler {
  int documents = 0;
  YAML::Mark first;
  void OnDocumentStart(const YAML::Mark& m) override {
    if (documents++ == 0)
      first = m;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

/// Where a second document starts, if the text has one (even malformed: the parser throws). The
/// parser is asked for two documents only: yaml-cpp 0.7's LoadAll never ends on some inputs (",").
std::optional<YAML::Mark> second_document(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentCounter first, second;
  if (!parser.HandleNextDocument(first) || !parser.HandleNextDocument(second) || second.documents == 0)
    return std::nullopt;
  if (second.first.pos <= first.first.pos)  // no progress: not a document, text yaml-cpp cannot read
    throw YAML::ParserException(second.first, "not a YAML document");
  return second.first;
}

}  // namespace

YAML::Node load_yaml_text(const std::string& text, const std::string& name) {
  if (const auto nul = text.find('\0'); nul != std::string::npos)
    throw InputError(at_byte(name, text, nul), "a NUL byte: this is not a text file", "a YAML text file");
  const std::string body = text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text;
  YAML::Node root;
  try {
    root = YAML::Load(body);
    if (const auto second = second_document(body))
      throw InputError(at(name, *second), "a second YAML document (after ---)", "one document per file");
  } catch (const YAML::DeepRecursion& e) {
    throw InputError(at(name, e.mark), fmt::format("nested deeper than {} levels", e.depth()), "valid YAML");
  } catch (const YAML::ParserException& e) {
    throw InputError(at(name, e.mark), fmt::format("malformed YAML: {}", e.msg), "valid YAML");
  }
  check_tree(name, root, 0);
  return root;
}

YAML::Node load_yaml_file(const std::string& path, const std::string& what) {
  if (const auto why = why_not_a_file(path); !why.empty())
    throw InputError({path, 0, 0, ""}, fmt::format("cannot read the {} file: it {}", what, why), "an existing YAML file");
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof())
    throw InputError({path, 0, 0, ""}, fmt::format("cannot read the {} file", what), "a readable YAML file");
  return load_yaml_text(ss.str(), path);
}

InputError yaml_structure_error(const std::string& path, const YAML::Exception& e, const std::string& expected) {
  return InputError(at(path, e.mark), fmt::format("unexpected YAML structure: {}", e.msg), expected);
}

}  // namespace modi
