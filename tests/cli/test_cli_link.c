/* End-to-end tests of the scale-out commands (docs/scale-out.md): `leasehound link` and
 * `leasehound scan --edges --params`, through the real binary: exit statuses, the edge file,
 * and the equivalence with a plain scan on one machine. */
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TMP_DIR_FIXTURE

static char *file_in(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, NULL);
}

static int same_file(const char *a, const char *b)
{
    char *x = file_in(a), *y = file_in(b);
    int same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* The outputs that must match byte for byte. */
static void expect_same_outputs(const char *ref, const char *other)
{
    static const char *const files[] = {"leases.csv", "renters.csv", "evidence.jsonl",
                                        "rejects.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char a[256], b[256];
        snprintf(a, sizeof a, "%s/%s", ref, files[i]);
        snprintf(b, sizeof b, "%s/%s", other, files[i]);
        cr_expect(same_file(a, b), "%s and %s differ", a, b);
    }
}

/* summary.json of a scan --edges run against a plain scan's: the same but for the timings, the
 * params and edges entries of "parameters" and the "edge_files" object. */
static void expect_same_summary(const char *ref, const char *other)
{
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/summary.json", ref);
    snprintf(b, sizeof b, "%s/summary.json", other);
    char *x = file_in(a), *y = file_in(b);
    cr_assert(x && y);
    /* up to "parameters"; "domain_lists" up to "model" (edge_files cut out); "model" up to
       "timings" */
    const char *cut[][2] = {{"\"tool\"", "\"parameters\""},
                            {"\"domain_lists\"", "\"model\""},
                            {"\"model\"", "\"timings\""}};
    for (size_t k = 0; k < 3; k++) {
        /* "model" is also a key of "parameters": the model object comes after domain_lists */
        const char *xf = k == 2 ? strstr(x, "\"domain_lists\"") : x;
        const char *yf = k == 2 ? strstr(y, "\"domain_lists\"") : y;
        cr_assert(xf && yf);
        const char *xs = strstr(xf, cut[k][0]), *xe = xs ? strstr(xs, cut[k][1]) : NULL;
        const char *ys = strstr(yf, cut[k][0]), *ye = ys ? strstr(ys, cut[k][1]) : NULL;
        cr_assert(xs && xe && ys && ye, "summary.json lacks %s or %s", cut[k][0], cut[k][1]);
        if (k == 1) {
            const char *ef = strstr(ys, "\"edge_files\"");
            cr_assert(ef && ef < ye, "no edge_files in %s", b);
            ye = ef;
            while (ye > ys && ye[-1] != ',')
                ye--;
            ye--; /* the comma before "edge_files" */
            while (xe > xs && xe[-1] != ',')
                xe--;
            xe--;
        }
        cr_expect((size_t)(xe - xs) == (size_t)(ye - ys) && memcmp(xs, ys, (size_t)(xe - xs)) == 0,
                  "summary.json differs between %s and %s (part %zu)", a, b, k);
    }
    free(x);
    free(y);
}

TestSuite(cli_link, .init = setup, .fini = teardown, .timeout = 600);

Test(cli_link, usage_errors_exit_2)
{
    cr_expect_eq(run_leasehound(dir, "link"), 2);
    cr_expect_eq(run_leasehound(dir, "link x.csv"), 2, "neither --out nor --save-params");
    cr_expect_eq(run_leasehound(dir, "link x.csv --out e.csv --bogus"), 2);
    cr_expect_eq(run_leasehound(dir, "link x.csv --out e.csv --out f.csv"), 2);
    cr_expect_eq(run_leasehound(dir, "link x.csv --out e.csv --block nosuch --params p"), 2);
    cr_expect_eq(run_leasehound(dir, "link x.csv --out e.csv --block payment_fp"), 2,
                 "--block without --params");
    cr_expect_eq(run_leasehound(dir, "link x.csv --out e.csv --whole-log"), 2,
                 "--whole-log without --save-params");
    cr_expect_eq(run_leasehound(dir, "link x.csv --out e.csv --alpha 0.1"), 2, "a scan option");
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --edges e.csv"), 2, "no --params");
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --params"), 2);
    cr_expect_eq(run_leasehound(dir, "link --help"), 0);
    char *s = file_in("stdout.txt");
    cr_expect(strstr(s, "--save-params FILE") != NULL, "%s", s);
    cr_expect(strstr(s, "--block RULE") != NULL, "%s", s);
    free(s);
}

Test(cli_link, unreadable_files_exit_66)
{
    cr_expect_eq(run_leasehound(dir, "link missing.csv --out e.csv"), 66);
    cr_assert_eq(run_leasehound(dir, "gen --leases 300 --seed 4 --out log.csv --quiet"), 0);
    cr_expect_eq(run_leasehound(dir, "link log.csv --out e.csv --params missing.params"), 66);
    cr_assert_eq(run_leasehound(dir, "link log.csv --out e.csv --save-params p.params --quiet"), 0);
    cr_expect_eq(
        run_leasehound(dir, "scan log.csv --out o --edges missing.csv --params p.params --quiet"),
        66);
    char *e = file_in("stderr.txt");
    cr_expect(strstr(e, "missing.csv") != NULL, "%s", e);
    free(e);
    cr_expect_eq(run_leasehound(dir, "link log.csv --out nodir/e.csv --quiet"), 73);
}

Test(cli_link, malformed_edge_files_exit_65_with_file_and_line)
{
    cr_assert_eq(run_leasehound(dir, "gen --leases 300 --seed 4 --out log.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "link log.csv --out e.csv --save-params p.params --quiet"), 0);
    static const struct {
        const char *text, *says;
    } bad[] = {
        {"L000000001,L000000002,12,same_person,,0000000000000044\n", "no header"},
        {"", "no header"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\nL000000001,L000000002,12,same_person\n",
         "not 6 fields"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,L000000002,twelve,same_person,,0000000000000044\n",
         "log2_odds"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,L000000002,inf,same_person,,0000000000000044\n",
         "log2_odds"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,L000000002,12,friends,,0000000000000044\n",
         "kind"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,L000000002,12,persona,name,0000000000000044\n",
         "via"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,L000000002,12,same_person,card,0000000000000044\n",
         "via"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,L000000002,12,same_person,,00000000000000zz\n",
         "pattern"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,L000000002,12,same_person,,f000000000000044\n",
         "pattern"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,L000000001,12,same_person,,0000000000000044\n",
         "itself"},
        {"lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n"
         "L000000001,\"L0000\"00002,12,same_person,,0000000000000044\n",
         "not an edge file row"},
        {"# rule payment_fp+nosuch pairs 1 blocks 1 windowed 0\n"
         "lease_id_a,lease_id_b,log2_odds,kind,via,pattern\n",
         "not in the spec"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        free(tmp_write_str(dir, "bad.csv", bad[i].text));
        cr_expect_eq(run_leasehound(dir, "scan log.csv --out o --edges e.csv --edges bad.csv "
                                         "--params p.params --quiet"),
                     65, "case %zu", i);
        char *e = file_in("stderr.txt");
        cr_expect(strstr(e, "bad.csv") != NULL && strstr(e, bad[i].says) != NULL, "case %zu: %s", i,
                  e);
        free(e);
    }
    /* a parameter file whose scale-out section is cut short */
    char *p = file_in("p.params");
    char *end = strstr(p, "\nend\n");
    cr_assert(end != NULL);
    end[1] = '\0';
    free(tmp_write_str(dir, "cut.params", p));
    free(p);
    cr_expect_eq(run_leasehound(dir, "link log.csv --out e2.csv --params cut.params --quiet"), 2);
    char *e = file_in("stderr.txt");
    cr_expect(strstr(e, "cut short") != NULL, "%s", e);
    free(e);
}

Test(cli_link, link_then_scan_edges_equals_a_plain_scan)
{
    cr_assert_eq(run_leasehound(dir, "gen --leases 4000 --seed 11 --out log.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out ref --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "link log.csv --out e.csv --save-params p.params --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --edges e.csv --params p.params --out via "
                                     "--quiet"),
                 0);
    expect_same_outputs("ref", "via");
    expect_same_summary("ref", "via");
    char *s = file_in("via/summary.json");
    cr_expect(strstr(s, "\"unknown_lease_ids\":0") || strstr(s, "\"unknown_lease_ids\": 0"), "%s",
              strstr(s, "edge_files"));
    free(s);

    /* the same parameters given to link: the same edges; any thread count; to stdout */
    cr_assert_eq(run_leasehound(dir, "link log.csv --params p.params --out e1.csv --threads 1 "
                                     "--save-params p1.params --quiet"),
                 0);
    cr_expect(same_file("e.csv", "e1.csv"));
    cr_expect(same_file("p.params", "p1.params"), "saving given parameters changes nothing");
    cr_assert_eq(run_leasehound(dir, "link log.csv --params p.params --out - --threads 2 --quiet"),
                 0);
    cr_expect(same_file("e.csv", "stdout.txt"));

    /* a plain scan on given parameters decides as the scan that estimated them */
    cr_assert_eq(run_leasehound(dir, "scan log.csv --params p.params --out fixed --quiet"), 0);
    expect_same_outputs("ref", "fixed");
}

Test(cli_link, concatenated_and_duplicate_edges_merge_and_unknown_ids_are_counted)
{
    cr_assert_eq(run_leasehound(dir, "gen --leases 3000 --seed 12 --out log.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out ref --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "link log.csv --out e.csv --save-params p.params --quiet"), 0);
    /* the file twice in one (a second header and comments in the middle), the second copy's
       lines ending in a tab as Hadoop Streaming writes them, and an edge to a lease this log
       does not have */
    char *e = file_in("e.csv");
    size_t n = strlen(e);
    char *both = malloc(3 * n + 200);
    memcpy(both, e, n);
    size_t m = n;
    for (size_t i = 0; i < n; i++) {
        if (e[i] == '\n')
            both[m++] = '\t';
        both[m++] = e[i];
    }
    m += (size_t)sprintf(both + m, "NOSUCHLEASE,L000000001,40,same_person,,0000000000000044\n");
    both[m] = '\0';
    free(tmp_write_str(dir, "both.csv", both));
    free(e);
    free(both);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --edges both.csv --edges e.csv --params "
                                     "p.params --out via"),
                 0);
    expect_same_outputs("ref", "via");
    char *err = file_in("stderr.txt");
    cr_expect(strstr(err, "1 edge name a lease id not in the inputs (first: NOSUCHLEASE)") != NULL,
              "%s", err);
    free(err);
    char *s = file_in("via/summary.json");
    cr_expect(strstr(s, "\"files\":2") || strstr(s, "\"files\": 2"), "%s", strstr(s, "edge_files"));
    cr_expect(strstr(s, "\"conflicting_duplicates\":0") ||
                  strstr(s, "\"conflicting_duplicates\": 0"),
              "%s", strstr(s, "edge_files"));
    free(s);
}

/* Every blocking rule linked on its own (as on partitions by each rule's key, here one
 * partition per rule) and the edges put together: the single machine's candidate pairs, so the
 * same renters. */
Test(cli_link, one_run_per_blocking_rule_together_equal_a_plain_scan)
{
    static const char *const rules[] = {
        "payment_fp",       "device_fp",     "phone",      "email",        "org_domain",
        "id_number",        "account_id",    "office_net", "signup_ip",    "name+dob",
        "address+postcode", "name+postcode", "name+city",  "dob+postcode", "dob"};
    cr_assert_eq(run_leasehound(dir, "gen --leases 2500 --seed 13 --out log.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out ref --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "link log.csv --save-params p.params --whole-log --quiet"), 0);
    char *pf = file_in("p.params");
    cr_expect(strstr(pf, "\ncolumn payment_fp present ") != NULL, "no statistics saved");
    free(pf);
    char args[8192] = "scan log.csv --params p.params --out via --quiet";
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "link log.csv --params p.params --block %s --out r%zu.csv --quiet", rules[i], i);
        cr_assert_eq(run_leasehound(dir, cmd), 0, "%s", cmd);
        snprintf(args + strlen(args), sizeof args - strlen(args), " --edges r%zu.csv", i);
    }
    char *r0 = file_in("r0.csv");
    cr_expect(strstr(r0, "# rule payment_fp pairs") != NULL &&
                  strstr(r0, "# rule device_fp") == NULL,
              "%s", r0);
    free(r0);
    cr_assert_eq(run_leasehound(dir, args), 0);
    expect_same_outputs("ref", "via");
}

Test(cli_link, keys_are_normalized_and_follow_the_blocks)
{
    cr_expect_eq(run_leasehound(dir, "keys"), 2);
    cr_expect_eq(run_leasehound(dir, "keys x.csv"), 2, "no --out");
    cr_expect_eq(run_leasehound(dir, "keys x.csv --out k.csv --block nosuch"), 2);
    cr_expect_eq(run_leasehound(dir, "keys missing.csv --out k.csv"), 66);
    /* one person's phone and e-mail as typed three ways; a lease without a phone */
    free(tmp_write_str(dir, "log.csv",
                       "lease_id,name,email,phone,country\n"
                       "a,Taro Yamada,Taro.Yamada+x@gmail.com,+81 90-1234-5678,JP\n"
                       "b,YAMADA Taro,taroyamada@gmail.com,090-1234-5678,JP\n"
                       "c,\"Yamada, Taro\",taroyamada@googlemail.com,,JP\n"));
    cr_assert_eq(
        run_leasehound(dir, "keys log.csv --out k.csv --block phone --block email --quiet"), 0);
    char *k = file_in("k.csv");
    char pa[32] = "", pb[32] = "", ea[32] = "", eb[32] = "", ec[32] = "";
    int rows = 0;
    for (char *line = strtok(k, "\n"); line; line = strtok(NULL, "\n"), rows++) {
        char id[8], rule[16], key[32];
        if (sscanf(line, "%7[^,],%15[^,],%31s", id, rule, key) != 3)
            continue;
        char *slot = strcmp(rule, "phone") == 0   ? (id[0] == 'a'   ? pa
                                                     : id[0] == 'b' ? pb
                                                                    : NULL)
                     : strcmp(rule, "email") == 0 ? (id[0] == 'a'   ? ea
                                                     : id[0] == 'b' ? eb
                                                     : id[0] == 'c' ? ec
                                                                    : NULL)
                                                  : NULL;
        cr_assert(slot != NULL, "unexpected row %s", line);
        strcpy(slot, key);
    }
    free(k);
    cr_expect_eq(rows, 1 + 5, "header, two phones, three e-mails");
    cr_expect(pa[0] && strcmp(pa, pb) == 0, "one phone: %s %s", pa, pb);
    cr_expect(ea[0] && strcmp(ea, eb) == 0 && strcmp(eb, ec) == 0, "one mailbox: %s %s %s", ea, eb,
              ec);
    /* the same keys from a run on one lease: a key depends on its lease alone */
    free(tmp_write_str(dir, "one.csv",
                       "lease_id,name,email,phone,country\n"
                       "b,YAMADA Taro,taroyamada@gmail.com,090-1234-5678,JP\n"));
    cr_assert_eq(run_leasehound(dir, "keys one.csv --out - --block phone --quiet"), 0);
    char *o = file_in("stdout.txt");
    cr_expect(strstr(o, pb) != NULL, "%s", o);
    free(o);
}
