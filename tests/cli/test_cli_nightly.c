/* End-to-end tests of what a nightly user relies on: identical outputs for identical inputs
 * (whatever the thread count), --previous, no personal data on stderr or in pseudonymized
 * outputs, and spreadsheet-safe CSV. Through the real binary. */
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TMP_DIR_FIXTURE

TestSuite(cli_nightly, .init = setup, .fini = teardown);

static char *read_out(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = slurp(path, NULL);
    cr_assert_not_null(s, "%s is missing", name);
    return s;
}

/* summary.json without its timings and the threads parameter, the only parts that may differ
 * between runs of different thread counts. */
static char *summary_core(const char *name)
{
    char *s = read_out(name);
    char *t = strstr(s, "\"timings\"");
    cr_assert_not_null(t);
    *t = '\0';
    char *th = strstr(s, "\"threads\": \"");
    cr_assert_not_null(th);
    char *end = strchr(th, '\n');
    memmove(th, end, strlen(end) + 1);
    return s;
}

/* report.html without its timings section and the threads parameter. */
static char *html_core(const char *name)
{
    char *s = read_out(name);
    char *th = strstr(s, "<dt>threads</dt>");
    cr_assert_not_null(th);
    char *end = strchr(th, '\n');
    memmove(th, end, strlen(end) + 1);
    char *a = strstr(s, "<section id=\"timings\"");
    cr_assert_not_null(a);
    char *b = strstr(a, "</section>");
    cr_assert_not_null(b);
    memmove(a, b, strlen(b) + 1);
    return s;
}

Test(cli_nightly, outputs_are_identical_across_runs_thread_counts_and_output_modes)
{
    /* 70,000 leases: renters.csv passes 4 MiB, a block that the default output writes past the
       page cache (c writes it through the cache) */
    cr_assert_eq(run_leasehound(dir, "gen --leases 70000 --seed 5 --out log.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out a --threads 1 --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out b --threads 2 --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out c --threads 2 --buffered-output --quiet"),
                 0);
    const char *files[] = {"leases.csv", "renters.csv", "evidence.jsonl", "rejects.csv"};
    char *renters = read_out("b/renters.csv");
    cr_expect_gt(strlen(renters), (size_t)4 << 20, "renters.csv holds a whole 4 MiB block");
    free(renters);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char pa[64], pb[64], pc[64];
        snprintf(pa, sizeof pa, "a/%s", files[i]);
        snprintf(pb, sizeof pb, "b/%s", files[i]);
        snprintf(pc, sizeof pc, "c/%s", files[i]);
        char *x = read_out(pa), *y = read_out(pb), *z = read_out(pc);
        cr_expect(strcmp(x, y) == 0, "%s differs between 1 and 2 threads", files[i]);
        cr_expect(strcmp(y, z) == 0, "%s differs between direct and buffered output", files[i]);
        free(x), free(y), free(z);
    }
    char *x = summary_core("a/summary.json"), *y = summary_core("b/summary.json");
    char *counts = strstr(x, "\"counts\": {");
    cr_assert_not_null(counts);
    char *counts_end = strchr(counts, '}');
    *counts_end = '\0';
    cr_expect(strstr(counts, "\"renters\": ") && strstr(counts, "\"flagged\": "),
              "counts has DESIGN.md's renters and flagged: %s", counts);
    *counts_end = '}';
    cr_expect_str_eq(x, y, "summary.json differs beyond timings and threads");
    free(x), free(y);
    x = html_core("a/report.html"), y = html_core("b/report.html");
    cr_expect(strcmp(x, y) == 0, "report.html differs beyond timings");
    free(x), free(y);
    char *r = read_out("a/renters.csv");
    cr_expect(strstr(r, ",1,") != NULL, "the log has flagged renters to compare");
    cr_expect(strncmp(r,
                      "renter_id,rank,score,q_value,flagged,n_leases,n_accounts,n_names,"
                      "first_seen,last_seen,reasons,lease_ids\n",
                      strlen("renter_id,rank,score,q_value,flagged,n_leases,n_accounts,n_names,"
                             "first_seen,last_seen,reasons,lease_ids\n")) == 0,
              "the contract's columns, exactly, without --previous");
    free(r);
}

/* The flagged renters of a renters.csv: "id n_leases score" lines. */
typedef struct flagged_row {
    char id[64];
    unsigned leases;
    double score;
} flagged_row;

static size_t flagged_rows(const char *csv, flagged_row *out, size_t cap)
{
    size_t n = 0;
    const char *line = strchr(csv, '\n');
    while (line && line[1] && n < cap) {
        line++;
        char id[64];
        unsigned rank, leases;
        double score, q;
        int flagged;
        if (sscanf(line, "%63[^,],%u,%lf,%lf,%d,%u", id, &rank, &score, &q, &flagged, &leases) ==
                6 &&
            flagged == 1) {
            snprintf(out[n].id, sizeof out[n].id, "%s", id);
            out[n].leases = leases;
            out[n].score = score;
            n++;
        }
        line = strchr(line, '\n');
    }
    return n;
}

/* Status of renter id in a renters.csv written with --previous (its last column). */
static const char *status_of(const char *csv, const char *id, char *buf)
{
    char key[80];
    snprintf(key, sizeof key, "\n%s,", id);
    const char *p = strstr(csv, key);
    buf[0] = '\0';
    if (p == NULL)
        return buf;
    const char *end = strchr(p + 1, '\n');
    const char *comma = end;
    while (comma > p && comma[-1] != ',')
        comma--;
    snprintf(buf, 32, "%.*s", (int)(end - comma), comma);
    return buf;
}

/* The earlier run is edited to make each case appear: one flagged renter had fewer leases then
 * (escalated), one was not flagged (new), one was not listed (new), and one renter flagged
 * then is gone now (no longer flagged); the others are unchanged. */
Test(cli_nightly, previous_marks_new_unchanged_and_escalated)
{
    cr_assert_eq(run_leasehound(dir, "gen --leases 20000 --seed 7 --out log.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out now --quiet"), 0);
    char *csv = read_out("now/renters.csv");
    flagged_row f[4096];
    size_t nf = flagged_rows(csv, f, 4096);
    cr_assert_geq(nf, 4, "enough flagged renters (%zu)", nf);

    /* the edited earlier run */
    FILE *o = NULL;
    char path[4200];
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out before --quiet"), 0);
    snprintf(path, sizeof path, "%s/before/renters.csv", dir);
    o = fopen(path, "w");
    cr_assert_not_null(o);
    fputs("renter_id,rank,score,q_value,flagged,n_leases,n_accounts,n_names,first_seen,"
          "last_seen,reasons,lease_ids\n",
          o);
    for (size_t i = 0; i < nf; i++) {
        if (i == 2)
            continue; /* not listed then */
        unsigned leases = f[i].leases - (i == 0 && f[i].leases > 1 ? 1 : 0);
        double score = i == 0 && f[i].leases == 1 ? f[i].score - 0.01 : f[i].score;
        fprintf(o, "%s,%zu,%.6f,0.01,%d,%u,1,1,,,,\n", f[i].id, i + 1, score, i == 1 ? 0 : 1,
                leases);
    }
    fputs("R-gone,9999,0.9,0.01,1,3,1,3,,,,\n", o);
    fclose(o);

    cr_assert_eq(run_leasehound(dir, "scan log.csv --out after --previous before"), 0);
    char *after = read_out("after/renters.csv");
    cr_expect(strstr(after, ",lease_ids,status\n") != NULL, "status is the last column");
    char buf[32];
    cr_expect_str_eq(status_of(after, f[0].id, buf), "escalated");
    cr_expect_str_eq(status_of(after, f[1].id, buf), "new");
    cr_expect_str_eq(status_of(after, f[2].id, buf), "new");
    for (size_t i = 3; i < nf; i++)
        cr_expect_str_eq(status_of(after, f[i].id, buf), "unchanged", "%s", f[i].id);
    char *out = read_out("stdout.txt");
    char want[160];
    snprintf(want, sizeof want,
             "against before: 2 new, 1 escalated, %zu unchanged; 1 no longer "
             "flagged",
             nf - 3);
    cr_expect(strstr(out, want) != NULL, "%s", out);
    char *sum = read_out("after/summary.json");
    cr_expect(strstr(sum, "\"no_longer_flagged\": 1") != NULL);
    char *ev = read_out("after/evidence.jsonl");
    cr_expect(strstr(ev, "\"status\":\"escalated\"") != NULL);

    /* a folder that is not a scan's: exit 66 (nothing to read) or 65 (not renters.csv) */
    cr_expect_eq(run_leasehound(dir, "scan log.csv --out x --previous nosuch"), 66);
    cr_expect_eq(run_leasehound(dir, "scan log.csv --out x --previous now/renters.csv"), 66);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "mkdir '%s/bad'", dir);
    cr_assert_eq(system(cmd), 0);
    char *bad = tmp_write_str(dir, "bad/renters.csv", "a,b\n1,2\n");
    free(bad);
    cr_expect_eq(run_leasehound(dir, "scan log.csv --out x --previous bad"), 65);
    free(csv), free(after), free(out), free(sum), free(ev);
}

/* Canary values that must never appear on stderr, nor in any output under --pseudonymize. */
static const char *const canary[] = {"Zqxcanary",   "canary.zz@example.test", "7946 0999",
                                     "Canaryfield", "pmcanarycard",           "devcanary",
                                     "203.0.113.57"};

/* A generated log (the population the model needs to set its null) and a second file with the
 * canaries: five personas behind one card, the canary person herself, and a rejected row. */
static void write_canary_log(void)
{
    cr_assert_eq(run_leasehound(dir, "gen --leases 20000 --seed 9 --out log.csv --quiet"), 0);
    char *text = malloc(1 << 16);
    size_t o = 0;
    o += (size_t)sprintf(text + o, "lease_id,created_at,name,email,phone,address,postcode,country,"
                                   "payment_fp,device_fp,signup_ip\n");
    static const char *const persona[] = {"Ivan Petrov", "Li Wei", "Maria Garcia", "John Doe",
                                          "Yuki Sato"};
    for (int k = 0; k < 5; k++)
        o += (size_t)sprintf(text + o,
                             "C%d,2025-10-0%dT10:00:00Z,%s,x%d@mail.test,,"
                             "%d Elm Road,ZZ%d,GB,pmcanarycard,dev-c%d,192.0.2.%d\n",
                             k, 1 + k, persona[k], k, k, k, k, 10 + k);
    o += (size_t)sprintf(text + o, "C9,2025-10-09T10:00:00Z,Zqxcanary Alpha,canary.zz@example.test,"
                                   "+44 20 7946 0999,1 Canaryfield Road,ZZ9,GB,pmcanarycard,"
                                   "devcanary,203.0.113.57\n");
    o += (size_t)sprintf(text + o, "C10,not-a-date,Zqxcanary Alpha,canary.zz@example.test,"
                                   "+44 20 7946 0999,1 Canaryfield Road,ZZ9,GB,pmcanarycard,"
                                   "devcanary,203.0.113.57\n");
    char *p = tmp_write(dir, "canary.csv", text, o);
    free(p);
    free(text);
}

static void expect_no_canary(const char *name)
{
    char *s = read_out(name);
    for (size_t i = 0; i < sizeof canary / sizeof *canary; i++)
        cr_expect(strstr(s, canary[i]) == NULL, "%s holds %s", name, canary[i]);
    free(s);
}

Test(cli_nightly, no_personal_value_on_stderr_or_in_pseudonymized_outputs)
{
    write_canary_log();
    char *k = tmp_write_str(dir, "key", "a secret key of the provider, 32 bytes or more\n");
    free(k);
    /* plain: the outputs carry the values (so the canaries are real), stderr does not */
    cr_assert_eq(run_leasehound(dir, "scan log.csv canary.csv --out plain"), 0);
    expect_no_canary("stderr.txt");
    char *ev = read_out("plain/evidence.jsonl");
    cr_expect(strstr(ev, "Zqxcanary") != NULL, "the canary renter is flagged, its values shown");
    free(ev);
    char *rj = read_out("plain/rejects.csv");
    cr_expect(strstr(rj, "Zqxcanary") != NULL, "the plain rejects excerpt shows the row");
    free(rj);
    /* a failing run says nothing personal either */
    cr_expect_eq(run_leasehound(dir, "scan log.csv canary.csv --out plain2 --max-rejects 0"), 65);
    expect_no_canary("stderr.txt");

    cr_assert_eq(run_leasehound(dir, "scan log.csv canary.csv --out pseudo --pseudonymize key"), 0);
    expect_no_canary("stderr.txt");
    expect_no_canary("stdout.txt");
    const char *files[] = {"pseudo/leases.csv",  "pseudo/renters.csv",  "pseudo/evidence.jsonl",
                           "pseudo/rejects.csv", "pseudo/summary.json", "pseudo/report.html"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        expect_no_canary(files[i]);
    char *e = read_out("pseudo/evidence.jsonl");
    cr_expect(strstr(e, "\"p_") != NULL, "values are replaced by pseudonyms, not dropped");
    free(e);
}

Test(cli_nightly, formula_like_lease_ids_are_neutralised_in_every_csv)
{
    char *p = tmp_write_str(dir, "log.csv",
                            "lease_id,created_at,name,payment_fp\n"
                            "=1+2,2025-01-01,Ann One,cardX\n"
                            "+3,2025-01-02,Bob Two,cardX\n"
                            "-4,2025-01-03,Cy Three,cardX\n"
                            "@SUM(A1),2025-01-04,Di Four,cardX\n"
                            "\"\tTAB\",2025-01-05,Ed Five,cardY\n" /* trimmed on input */
                            "plain,2025-01-06,Flo Six,cardZ\n");
    free(p);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out o --quiet"), 0);
    char *l = read_out("o/leases.csv");
    cr_expect(strstr(l, "\n\"'=1+2\",") != NULL, "%s", l);
    cr_expect(strstr(l, "\n\"'+3\",") != NULL);
    cr_expect(strstr(l, "\n\"'-4\",") != NULL);
    cr_expect(strstr(l, "\n\"'@SUM(A1)\",") != NULL);
    cr_expect(strstr(l, "\nplain,") != NULL, "ordinary fields stay as they are");
    char *r = read_out("o/renters.csv");
    /* every field of every row: none starts with a formula character unguarded */
    for (const char *line = strchr(r, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        const char *c = line + 1;
        for (;;) {
            if (*c == '"')
                cr_expect(!strchr("=+-@\t\r", c[1]), "a quoted field starts with %c", c[1]);
            else
                cr_expect(!strchr("=+-@\t", *c) || *c == '\0', "a field starts with %c", *c);
            const char *comma = c;
            int quoted = 0;
            while (*comma && (quoted || (*comma != ',' && *comma != '\n'))) {
                if (*comma == '"')
                    quoted = !quoted;
                comma++;
            }
            if (*comma != ',')
                break;
            c = comma + 1;
        }
    }
    free(l), free(r);
}

/* The progress line: on a terminal (a pseudo-terminal made by script(1)) unless --quiet, never
 * into a file or a pipe. */
Test(cli_nightly, progress_line_only_on_a_terminal)
{
    cr_assert_eq(run_leasehound(dir, "gen --leases 5000 --seed 2 --out log.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out a"), 0);
    char *e = read_out("stderr.txt");
    cr_expect(strstr(e, "rows/s") == NULL && strchr(e, '\r') == NULL, "no progress into a file");
    free(e);
    if (system("command -v script >/dev/null 2>&1") != 0) {
        cr_log_warn("skipped: script(1) is not installed");
        return;
    }
    char cmd[8400];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && script -qec \"'%s' scan log.csv --out b\" /dev/null > tty.txt 2>&1", dir,
             LH_BINARY);
    cr_assert_eq(system(cmd), 0);
    char *t = read_out("tty.txt");
    cr_expect(strstr(t, "leasehound: link ...") != NULL, "the stages are shown on a terminal");
    free(t);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && script -qec \"'%s' scan log.csv --out c --quiet\" /dev/null > tty.txt "
             "2>&1",
             dir, LH_BINARY);
    cr_assert_eq(system(cmd), 0);
    t = read_out("tty.txt");
    cr_expect(strstr(t, "leasehound:") == NULL, "--quiet: nothing");
    free(t);
}

/* --since: linking uses the whole history, but only renters with a lease on or after the date
 * are reported; leases.csv keeps every lease. */
Test(cli_nightly, since_reports_recent_renters_linked_against_all_history)
{
    cr_assert_eq(run_leasehound(dir, "gen --leases 20000 --seed 4 --out log.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan log.csv --out all --quiet"), 0);
    /* the date of the middle row of the log (rows are in created_at order) */
    char *log = read_out("log.csv");
    const char *line = log;
    for (int k = 0; k < 10001 && line; k++)
        line = strchr(line + 1, '\n');
    cr_assert_not_null(line);
    char since[11];
    const char *comma = strchr(line + 1, ',');
    memcpy(since, comma + 1, 10);
    since[10] = '\0';
    free(log);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "scan log.csv --out recent --since %s --quiet", since);
    cr_assert_eq(run_leasehound(dir, cmd), 0);
    char *all = read_out("all/leases.csv"), *recent = read_out("recent/leases.csv");
    cr_expect_str_eq(all, recent, "leases.csv keeps every lease, linked as without --since");
    free(all), free(recent);
    char *r = read_out("recent/renters.csv");
    size_t listed = 0, older = 0;
    for (const char *l = strchr(r, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
        /* first_seen and last_seen are the 9th and 10th fields; no earlier field has a comma */
        const char *f = l + 1;
        for (int k = 0; k < 8; k++)
            f = strchr(f, ',') + 1;
        const char *last = strchr(f, ',') + 1;
        cr_expect(strncmp(last, since, 10) >= 0, "a renter last seen before %s is listed", since);
        older += strncmp(f, since, 10) < 0;
        listed++;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/all/renters.csv", dir);
    size_t total = count_lines(path) - 1;
    cr_expect(listed > 0 && listed < total, "%zu of %zu renters listed", listed, total);
    cr_expect(older > 0, "renters with leases before the date keep their history");
    free(r);
}
