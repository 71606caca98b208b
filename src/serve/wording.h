// How the pages of `relmap serve` name the filters: by the words of their
// form ("as of", "lowest reliability"), not by the command line's options,
// in the form itself and in what the request layer reports about them.
#pragma once

#include <string>
#include <string_view>

#include "project/request.h"

namespace relmap::serve {

/// A filter as the form labels it: "as-of" is "as of", "min-reliability"
/// "lowest reliability"; a filter the table does not know by its own name.
std::string form_label(std::string_view filter);

/// The pages' naming of filters for the request layer: "the date 'as of'
/// must be YYYY, YYYY-MM or YYYY-MM-DD, not 'May'"; "filters: as of 2016".
const FilterNaming& form_naming();

}  // namespace relmap::serve
