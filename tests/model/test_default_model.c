/* models/default.model is this version's: its format and its feature list are those of the
 * code, so a change of the feature table cannot leave a stale model behind (retrain with
 * scripts/train-default-model.sh), and models/README.md gives the commands that made it. */
#include "model/supervised.h"
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STALE "models/default.model is stale: run scripts/train-default-model.sh"

Test(default_model, header_matches_the_format_and_the_feature_table)
{
    char *text = slurp(LH_SOURCE_DIR "/models/default.model", NULL);
    cr_assert_not_null(text, "models/default.model exists");
    int format = -1, features = -1, k = 0;
    for (char *line = text; line && *line;
         line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        char name[64];
        if (sscanf(line, "format %d", &format) == 1 || sscanf(line, "features %d", &features) == 1)
            continue;
        if (sscanf(line, "feature %63s ", name) == 1) {
            cr_assert(k < FEATURE_COUNT, STALE " (more features than the code has)");
            cr_expect_str_eq(name, feature_get((feature_id)k)->name, STALE " (feature %d)", k);
            k++;
        }
    }
    cr_expect_eq(format, LOGREG_FORMAT, STALE " (format %d, the code writes %d)", format,
                 LOGREG_FORMAT);
    cr_expect_eq(features, FEATURE_COUNT, STALE " (%d features, the code has %d)", features,
                 FEATURE_COUNT);
    cr_expect_eq(k, FEATURE_COUNT, STALE " (%d feature lines)", k);
    logreg_model m;
    lh_error err;
    lh_error_clear(&err);
    cr_expect_eq(logreg_load(&m, LH_SOURCE_DIR "/models/default.model", &err), LH_OK, "%s",
                 err.message);
    cr_expect_eq(m.fallback[0], '\0', "trained without a fallback: '%s'", m.fallback);
    cr_expect(m.n_null > 100 && m.n_null_scores > 10000, "a calibration curve of substance");
    free(text);
}

Test(default_model, readme_and_script_give_the_commands_that_made_it)
{
    char *model = slurp(LH_SOURCE_DIR "/models/default.model", NULL);
    char *readme = slurp(LH_SOURCE_DIR "/models/README.md", NULL);
    char *script = slurp(LH_SOURCE_DIR "/scripts/train-default-model.sh", NULL);
    cr_assert(model && readme && script);
    const char *gen = "leasehound gen --scenario default --leases 200000 --seed 11 --labels "
                      "--out default-200k-seed11.csv.gz";
    const char *train = "leasehound train default-200k-seed11.csv.gz --out models/default.model "
                        "--seed 1";
    cr_expect(strstr(readme, gen) && strstr(readme, train), "models/README.md gives the commands");
    cr_expect(strstr(script, "leases=200000\n") && strstr(script, "gen_seed=11\n") &&
                  strstr(script, "train_seed=1\n") &&
                  strstr(script, "default-200k-seed${gen_seed}.csv.gz") == NULL,
              "the script runs the same commands");
    cr_expect(strstr(script, "/default-200k-seed11.csv.gz\n") != NULL);
    cr_expect(strstr(model, " default-200k-seed11.csv.gz\n") && strstr(model, "\nseed 1\n") &&
                  strstr(model, "\nleases 200000\n"),
              "the model records the same input and seed");
    free(model);
    free(readme);
    free(script);
}
