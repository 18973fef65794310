/* End-to-end tests of `leasehound explain` through the real binary, on a scan of a generated
 * log plus a hand-written card actor: words for a flagged and an unflagged renter, DOT that
 * parses with the right nodes and edges, pseudonyms, terminal-safe output, and exit statuses. */
#include "ingest/csvrec.h"
#include "ingest/source.h"
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char *dir;

/* Five personas sharing a card and a device; one name carries a terminal escape sequence. */
static const char actor_csv[] =
    "lease_id,created_at,account_id,first_name,last_name,email,payment_type,payment_fp,"
    "signup_ip,ip_kind,device_fp,country\n"
    "Z-1,2024-06-01T10:00:00Z,CZ1,\"Eve\x1b]0;pwned\x07\",Black,zz1@mailinator.com,prepaid,"
    "pm_actor_z,203.0.113.10,vpn,dev_actor_z,US\n"
    "Z-2,2024-06-01T18:00:00Z,CZ2,Dana,White,zz2@trashmail.com,prepaid,pm_actor_z,198.51.100.7,"
    "vpn,dev_actor_z,GB\n"
    "Z-3,2024-06-02T09:30:00Z,CZ3,Maria,Lopez,zz3@temp-mail.org,prepaid,pm_actor_z,192.0.2.33,"
    "proxy,dev_actor_z,ES\n"
    "Z-4,2024-06-02T21:10:00Z,CZ4,Akira,Tanaka,zz4@yopmail.com,prepaid,pm_actor_z,203.0.113.77,"
    "vpn,dev_actor_z,JP\n"
    "Z-5,2024-06-03T08:05:00Z,CZ5,Olga,Ivanova,zz5@maildrop.cc,crypto,pm_actor_z,198.51.100.99,"
    "tor,dev_actor_z,RU\n";

static void setup(void)
{
    dir = tmp_dir_new();
    cr_assert_not_null(dir);
    cr_assert_eq(
        run_leasehound(dir, "gen --scenario default --leases 3000 --seed 11 --out log.csv"), 0);
    free(tmp_write_str(dir, "actor.csv", actor_csv));
    cr_assert_eq(run_leasehound(dir, "scan log.csv actor.csv --out o --quiet"), 0);
}

static void teardown(void)
{
    tmp_remove_tree(dir);
    free(dir);
}

TestSuite(explain, .init = setup, .fini = teardown, .timeout = 120);

static char *out_file(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, NULL);
}

typedef struct renter {
    char id[128];
    int flagged;
    int n_leases;
    char lease_ids[4096];
} renter;

/* The first renter of o/renters.csv (in rank order) with flagged == want. */
static int find_renter(int want, const char *id, renter *out)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/o/renters.csv", dir);
    byte_source *src;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(byte_source_open(&src, path, &err), LH_OK, "%s", err.message);
    csv_limits lim = {CSV_DEFAULT_MAX_FIELD, 0};
    csv_reader *rd = csv_reader_new(src, &lim);
    csv_record rec;
    cr_assert_eq(csv_reader_next(rd, &rec, &err), 1);
    cr_assert_str_eq(rec.field[4], "flagged");
    cr_assert_str_eq(rec.field[5], "n_leases");
    cr_assert_str_eq(rec.field[11], "lease_ids");
    csv_reader_set_width(rd, rec.n_fields);
    int found = 0;
    while (!found && csv_reader_next(rd, &rec, &err) > 0) {
        if (id ? strcmp(rec.field[0], id) != 0 : atoi(rec.field[4]) != want)
            continue;
        snprintf(out->id, sizeof out->id, "%s", rec.field[0]);
        out->flagged = atoi(rec.field[4]);
        out->n_leases = atoi(rec.field[5]);
        snprintf(out->lease_ids, sizeof out->lease_ids, "%s", rec.field[11]);
        found = 1;
    }
    csv_reader_free(rd);
    byte_source_close(src);
    return found;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

/* ---- a small DOT reader: enough of the Graphviz grammar to check what explain writes ---- */

typedef struct dot_lexer {
    const char *p;
    char tok[128];
    int kind; /* 0 end, 'i' identifier or quoted string, else the symbol ('-' for --, '>' ->) */
} dot_lexer;

static int dot_next(dot_lexer *lx)
{
    while (isspace((unsigned char)*lx->p))
        lx->p++;
    lx->tok[0] = '\0';
    if (*lx->p == '\0')
        return lx->kind = 0;
    if (*lx->p == '"') {
        size_t n = 0;
        for (lx->p++; *lx->p && *lx->p != '"'; lx->p++) {
            if (*lx->p == '\\' && lx->p[1])
                lx->p++;
            if (n + 1 < sizeof lx->tok)
                lx->tok[n++] = *lx->p;
        }
        if (*lx->p != '"')
            return lx->kind = '!'; /* unterminated string */
        lx->p++;
        lx->tok[n] = '\0';
        return lx->kind = 'i';
    }
    if (isalnum((unsigned char)*lx->p) || *lx->p == '_' || *lx->p == '.') {
        size_t n = 0;
        for (; isalnum((unsigned char)*lx->p) || *lx->p == '_' || *lx->p == '.'; lx->p++)
            if (n + 1 < sizeof lx->tok)
                lx->tok[n++] = *lx->p;
        lx->tok[n] = '\0';
        return lx->kind = 'i';
    }
    if (lx->p[0] == '-' && (lx->p[1] == '-' || lx->p[1] == '>')) {
        lx->kind = lx->p[1] == '-' ? '-' : '>';
        lx->p += 2;
        return lx->kind;
    }
    if (strchr("{}[];=,", *lx->p))
        return lx->kind = *lx->p++;
    return lx->kind = '!';
}

/* Attribute list after '[': ID = ID separated by ',' or ';', up to ']'. */
static int dot_attrs(dot_lexer *lx)
{
    for (dot_next(lx); lx->kind != ']';) {
        if (lx->kind != 'i' || dot_next(lx) != '=' || dot_next(lx) != 'i')
            return 0;
        dot_next(lx);
        if (lx->kind == ',' || lx->kind == ';')
            dot_next(lx);
    }
    dot_next(lx);
    return 1;
}

typedef struct dot_graph {
    int ok;
    size_t nodes, edges, undeclared; /* edges whose end is not a declared node */
    char name[128];
} dot_graph;

static dot_graph dot_parse(const char *text)
{
    dot_graph g = {0};
    static char declared[2048][128];
    size_t n_decl = 0;
    dot_lexer lx = {text};
    dot_next(&lx);
    if (lx.kind != 'i' || (strcmp(lx.tok, "graph") && strcmp(lx.tok, "digraph")))
        return g;
    int directed = strcmp(lx.tok, "digraph") == 0;
    if (dot_next(&lx) == 'i') {
        memcpy(g.name, lx.tok, sizeof g.name);
        dot_next(&lx);
    }
    if (lx.kind != '{')
        return g;
    dot_next(&lx);
    while (lx.kind != '}') {
        if (lx.kind != 'i')
            return g;
        char a[128];
        memcpy(a, lx.tok, sizeof a);
        dot_next(&lx);
        if (lx.kind == '=') { /* graph attribute */
            if (dot_next(&lx) != 'i')
                return g;
            dot_next(&lx);
        } else if (lx.kind == '[' &&
                   (!strcmp(a, "node") || !strcmp(a, "edge") || !strcmp(a, "graph"))) {
            if (!dot_attrs(&lx))
                return g;
        } else if (lx.kind == (directed ? '>' : '-')) { /* edge */
            if (dot_next(&lx) != 'i')
                return g;
            int ka = 0, kb = 0;
            for (size_t i = 0; i < n_decl; i++) {
                ka |= strcmp(declared[i], a) == 0;
                kb |= strcmp(declared[i], lx.tok) == 0;
            }
            g.undeclared += !ka + !kb;
            g.edges++;
            dot_next(&lx);
            if (lx.kind == '[' && !dot_attrs(&lx))
                return g;
        } else { /* node */
            if (n_decl < 2048)
                snprintf(declared[n_decl++], 128, "%s", a);
            g.nodes++;
            if (lx.kind == '[' && !dot_attrs(&lx))
                return g;
        }
        if (lx.kind == ';')
            dot_next(&lx);
    }
    g.ok = dot_next(&lx) == 0; /* nothing after the closing brace */
    return g;
}

static int have_graphviz(void)
{
    return system("command -v dot >/dev/null 2>&1") == 0;
}

/* ---- tests ----------------------------------------------------------------------------- */

Test(explain, dot_reader_accepts_graphs_and_refuses_broken_ones)
{
    dot_graph g = dot_parse("graph \"x\" {\n a=\"b\";\n node [shape=box];\n \"p\" [label=\"p\\n"
                            "1\"];\n \"q\";\n \"p\" -- \"q\" [label=\"card\"];\n}\n");
    cr_expect(g.ok);
    cr_expect_eq(g.nodes, 2);
    cr_expect_eq(g.edges, 1);
    cr_expect_eq(g.undeclared, 0);
    cr_expect(!dot_parse("graph { \"p\" -- }").ok);
    cr_expect(!dot_parse("graph { \"p\" [label=\"x] }").ok);
    cr_expect(!dot_parse("graph { \"p\"; } trailing").ok);
    cr_expect(!dot_parse("digraph { \"p\" -- \"q\"; }").ok, "-- in a digraph");
    cr_expect(!dot_parse("graph { \"p\"; ").ok);
}

Test(explain, flagged_renter_in_words)
{
    renter r;
    cr_assert(find_renter(1, NULL, &r), "the scan flags someone");
    char args[512];
    snprintf(args, sizeof args, "explain o %s", r.id);
    cr_assert_eq(run_leasehound(dir, args), 0);
    char *s = out_file("stdout.txt");
    cr_assert_not_null(s);
    char head[256];
    snprintf(head, sizeof head, "%s: flagged, rank 1 of ", r.id);
    cr_expect(strncmp(s, head, strlen(head)) == 0, "%s", s);
    cr_expect(strstr(s, "is at or below alpha 0.05") != NULL, "%s", s);
    cr_expect(strstr(s, "Its reasons, strongest first:\n    1. ") != NULL, "%s", s);
    /* every lease of the renter */
    char ids[4096];
    snprintf(ids, sizeof ids, "%s", r.lease_ids);
    size_t n = 0;
    for (char *t = strtok(ids, " "); t; t = strtok(NULL, " "), n++) {
        char line[256];
        snprintf(line, sizeof line, "\n  %s  20", t);
        cr_expect(strstr(s, line) != NULL, "lease %s listed with its time", t);
    }
    cr_expect_eq(n, (size_t)r.n_leases);
    char want[64];
    snprintf(want, sizeof want, "\nLeases (%d;", r.n_leases);
    cr_expect(strstr(s, want) != NULL, "%s", s);
    /* a shared identifier with its weight, and the links */
    static const char *const fields[] = {"card", "device", "phone", "email", "account", "office"};
    int shared = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char line[64];
        snprintf(line, sizeof line, "\n  %s same  ", fields[i]);
        const char *p = strstr(s, line);
        shared |= p && strstr(p, " bits  in ") != NULL;
    }
    cr_expect(shared, "a shared field with its weight in bits: %s", s);
    cr_expect(strstr(s, "\nShared values (what its ") != NULL);
    cr_expect(strstr(s, "\nLinks (") != NULL);
    cr_expect(strstr(s, " -- ") != NULL);
    cr_expect(strstr(s, "*;") != NULL, "shared values are marked in the leases");
    free(s);
}

Test(explain, flagged_renter_as_dot)
{
    renter r;
    cr_assert(find_renter(1, NULL, &r));
    char args[512];
    snprintf(args, sizeof args, "explain o %s", r.id);
    cr_assert_eq(run_leasehound(dir, args), 0);
    char *text = out_file("stdout.txt");
    const char *links = strstr(text, "\nLinks (");
    cr_assert_not_null(links);
    size_t n_links = strtoul(links + 8, NULL, 10);
    snprintf(args, sizeof args, "explain o %s --dot", r.id);
    cr_assert_eq(run_leasehound(dir, args), 0);
    char *s = out_file("stdout.txt");
    dot_graph g = dot_parse(s);
    cr_expect(g.ok, "parses as a graph: %s", s);
    cr_expect_str_eq(g.name, r.id);
    cr_expect_eq(g.nodes, (size_t)r.n_leases, "one node per lease");
    cr_expect_eq(g.edges, n_links, "one edge per link");
    cr_expect(g.edges >= 1);
    cr_expect_eq(g.undeclared, 0, "edges join declared leases");
    cr_expect(count(s, " bits") >= g.edges, "edges labelled with bits");
    if (have_graphviz()) {
        char cmd[8192];
        snprintf(cmd, sizeof cmd, "cd '%s' && dot -Tsvg stdout.txt >graph.svg 2>dot.err", dir);
        int st = system(cmd);
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "Graphviz reads the graph");
    }
    free(s);
    free(text);
}

Test(explain, unflagged_renter_shows_its_row)
{
    renter r;
    cr_assert(find_renter(0, NULL, &r));
    char args[512];
    snprintf(args, sizeof args, "explain o %s", r.id);
    cr_assert_eq(run_leasehound(dir, args), 0);
    char *s = out_file("stdout.txt");
    char head[256];
    snprintf(head, sizeof head, "%s: not flagged, rank ", r.id);
    cr_expect(strncmp(s, head, strlen(head)) == 0, "%s", s);
    cr_expect(strstr(s, "Its row of renters.csv:") != NULL);
    cr_expect(strstr(s, "evidence.jsonl holds flagged renters only") != NULL);
    cr_expect(strstr(s, r.lease_ids) != NULL);
    free(s);
    snprintf(args, sizeof args, "explain o %s --dot", r.id);
    cr_assert_eq(run_leasehound(dir, args), 0);
    s = out_file("stdout.txt");
    dot_graph g = dot_parse(s);
    cr_expect(g.ok, "%s", s);
    cr_expect_eq(g.nodes, (size_t)r.n_leases);
    cr_expect_eq(g.edges, 0);
    free(s);
}

Test(explain, values_are_terminal_safe)
{
    renter r;
    cr_assert(find_renter(-1, "R-Z-1", &r), "the hand-written actor is a renter");
    cr_assert_eq(r.flagged, 1, "and it is flagged");
    cr_assert_eq(run_leasehound(dir, "explain o R-Z-1"), 0);
    char *s = out_file("stdout.txt");
    cr_expect(strchr(s, '\x1b') == NULL, "no raw escape character");
    cr_expect(strchr(s, '\x07') == NULL);
    cr_expect(strstr(s, "Eve\\x1B]0;pwned\\x07 Black") != NULL, "%s", s);
    cr_expect(strstr(s, "pm_actor_z*") != NULL, "the shared card, marked");
    free(s);
    cr_assert_eq(run_leasehound(dir, "explain o R-Z-1 --dot"), 0);
    s = out_file("stdout.txt");
    cr_expect(strchr(s, '\x1b') == NULL);
    dot_graph g = dot_parse(s);
    cr_expect(g.ok);
    cr_expect_eq(g.nodes, 5);
    cr_expect_eq(g.edges, 10, "five personas of one card: every pair linked");
    free(s);
}

Test(explain, pseudonymized_scans_show_pseudonyms)
{
    free(tmp_write_str(dir, "key", "0123456789abcdef-secret-key\n"));
    cr_assert_eq(run_leasehound(dir, "scan log.csv actor.csv --out p --quiet --pseudonymize key"),
                 0);
    cr_assert_eq(run_leasehound(dir, "explain p R-Z-1"), 0);
    char *s = out_file("stdout.txt");
    cr_expect(strstr(s, "the scan was pseudonymized") != NULL, "%s", s);
    cr_expect(strstr(s, "pm_actor_z") == NULL);
    cr_expect(strstr(s, "Tanaka") == NULL);
    cr_expect(strstr(s, "zz4@yopmail.com") == NULL);
    cr_expect(count(s, " p_") > 5, "pseudonyms shown: %s", s);
    free(s);
}

Test(explain, exit_statuses)
{
    cr_expect_eq(run_leasehound(dir, "explain o R-no-such-renter"), 65);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "R-no-such-renter") != NULL, "%s", e);
    cr_expect(strstr(e, "o/renters.csv") != NULL, "names DIR: %s", e);
    free(e);
    cr_expect_eq(run_leasehound(dir, "explain nosuchdir R-Z-1"), 66);
    e = out_file("stderr.txt");
    cr_expect(strstr(e, "nosuchdir") != NULL, "%s", e);
    free(e);
    cr_expect_eq(run_leasehound(dir, "explain o"), 2);
    cr_expect_eq(run_leasehound(dir, "explain o R-Z-1 extra"), 2);
    cr_expect_eq(run_leasehound(dir, "explain o R-Z-1 --bogus"), 2);
    cr_expect_eq(run_leasehound(dir, "explain --help"), 0);
    char *h = out_file("stdout.txt");
    cr_expect(strstr(h, "Usage: leasehound explain DIR RENTER_ID [--dot]") != NULL, "%s", h);
    cr_expect(strstr(h, "--dot") != NULL && strstr(h, "Exit status") != NULL);
    free(h);
    /* a flagged renter whose evidence cannot be read */
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cd '%s' && cp -r o q && rm q/evidence.jsonl q/summary.json", dir);
    cr_assert_eq(system(cmd), 0);
    cr_expect_eq(run_leasehound(dir, "explain q R-Z-1"), 66);
    /* without summary.json alpha is unknown, the rest works */
    renter r;
    cr_assert(find_renter(0, NULL, &r));
    char args[512];
    snprintf(args, sizeof args, "explain q %s", r.id);
    cr_expect_eq(run_leasehound(dir, args), 0);
    char *s = out_file("stdout.txt");
    cr_expect(strstr(s, "alpha unknown: no summary.json") != NULL, "%s", s);
    free(s);
    /* a malformed evidence file */
    snprintf(cmd, sizeof cmd, "cd '%s' && printf '{\"renter_id\":\"R-Z-1\",}\\n' >q/evidence.jsonl",
             dir);
    cr_assert_eq(system(cmd), 0);
    cr_expect_eq(run_leasehound(dir, "explain q R-Z-1"), 65);
    e = out_file("stderr.txt");
    cr_expect(strstr(e, "evidence.jsonl line 1: invalid JSON at byte 21") != NULL, "%s", e);
    free(e);
}
