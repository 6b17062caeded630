#include "indexer/train_types_command.h"

#include <filesystem>
#include <fstream>

#include "indexer/type_choice.h"
#include "indexer/type_training.h"

namespace clause {
namespace {

struct TrainInput {
  std::string path;
  bool unlabelled_are_none = false;
};

struct TrainOptions {
  std::string out;
  std::string name;
  std::vector<TrainInput> inputs;
  bool first_setting = false;
  bool help = false;
};

Result<TrainOptions> parse(const std::vector<std::string>& args) {
  TrainOptions o;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& option) -> Result<std::string> {
      if (i + 1 >= args.size()) return Error::invalid(option, option + " needs a value");
      return args[++i];
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--first-setting") {
      o.first_setting = true;
    } else if (a == "--out" || a == "--name" || a == "--none-unlabelled") {
      auto v = value(a);
      if (!v) return v.error();
      if (a == "--out") o.out = *v;
      else if (a == "--name") o.name = *v;
      else o.inputs.push_back({*v, true});
    } else if (a.size() > 1 && a[0] == '-') {
      return Error::invalid(a, "unknown option '" + a + "' (see train-types --help)");
    } else {
      o.inputs.push_back({a, false});
    }
  }
  if (o.help) return o;
  if (o.out.empty()) return Error::invalid("--out", "--out MODEL is required");
  if (o.inputs.empty()) return Error::invalid("FILE", "no input: give labelled JSONL files");
  if (o.name.empty()) o.name = std::filesystem::path(o.out).stem().string();
  return o;
}

}  // namespace

std::string train_types_usage() {
  return R"(Usage: clause-indexer train-types --out MODEL [--name NAME] [--first-setting]
                                  [FILE.jsonl ...] [--none-unlabelled FILE.jsonl ...]

Learns a clause-type model (logistic regression, liblinear) from the records
that carry clause_type or clause_types, and writes it to MODEL. Its feature
weighting is chosen by cross-validation over the input's platforms (two
parts by a hash of the platform; recorded in the file's provenance). The
same input gives the same file, byte for byte.

  --out MODEL              the model file to write (required)
  --first-setting          train with the first shipped models' setting (C 50,
                           binary features, no class weights, nothing chosen):
                           to compare with them
  --name NAME              the model's name, shown in /healthz (default: the
                           file name of MODEL without its extension)
  FILE.jsonl               labelled records are examples of their types;
                           records without a type are skipped ('-' reads
                           standard input)
  --none-unlabelled FILE   for corpora that label only some sentences: the
                           labelled records are examples of their types and
                           every unlabelled one an example of "none" (no type)

Exit status: 0 written; 1 bad input (no labels, a bad record); 2 usage
error; 3 MODEL could not be written.
)";
}

int run_train_types(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const auto options = parse(args);
  if (!options) {
    err << "clause-indexer train-types: error: " << options.error().message << "\n";
    return 2;
  }
  if (options->help) {
    out << train_types_usage();
    return 0;
  }
  std::vector<TypeExample> examples;
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& input : options->inputs) {
    const auto read = read_type_examples(input.path, input.unlabelled_are_none, examples);
    if (!read) {
      err << "clause-indexer train-types: error: " << read.error().message << "\n";
      return 1;
    }
    sources.push_back({{"file", std::filesystem::path(input.path).filename().string()},
                       {"examples", *read},
                       {"unlabelled_are_none", input.unlabelled_are_none}});
  }
  TypeTrainingOptions training = options->first_setting ? first_type_training() : TypeTrainingOptions{};
  training.name = options->name;
  // The feature weighting is chosen by cross-validation over the input's
  // platforms (indexer/type_choice.h), the same rule for every label set.
  const nlohmann::json provenance = {{"trained_from", sources}};
  const auto model = options->first_setting ? train_type_model(examples, training, provenance)
                                            : train_type_model_chosen(examples, training, provenance);
  if (!model) {
    err << "clause-indexer train-types: error: " << model.error().message << "\n";
    return 1;
  }
  std::ofstream file(options->out, std::ios::binary | std::ios::trunc);
  file << model->serialise();
  if (!file.flush()) {
    err << "clause-indexer train-types: error: cannot write " << options->out << "\n";
    return 3;
  }
  err << "clause-indexer train-types: " << options->out << ": " << model->labels().size()
      << " labels, " << model->weight_count() << " weights from " << examples.size()
      << " examples, features " << model->feature_scheme().name() << ", sha256 " << model->sha256()
      << "\n";
  return 0;
}

}  // namespace clause
