// The bytes of the model files of data/type-models/, compiled in by the build
// (schema/CMakeLists.txt generates default_type_models.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clause {

struct CompiledTypeModel {
  std::string name;  // the file's name
  std::string_view bytes;
};

std::vector<CompiledTypeModel> compiled_type_model_files();

}  // namespace clause
