/* Tests of report.html through the real binary: a generated log plus a hand-written fake-card
 * actor whose values are hostile HTML; the page must be self-contained, escape them, list every
 * flagged renter, be balanced, be byte-identical across runs but for the timings element, keep
 * personal values out under --pseudonymize, and render in headless Chromium when it is there. */
#include "ingest/csvrec.h"
#include "ingest/source.h"
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char *dir;

/* Six personas of one actor sharing a card and a device within days; names, a lease id and a
 * device fingerprint that are HTML. */
static const char hostile_csv[] =
    "lease_id,created_at,account_id,first_name,last_name,email,phone,payment_type,payment_fp,"
    "signup_ip,ip_kind,device_fp,country\n"
    "X-0001,2024-05-01T10:00:00Z,CX1,<script>alert(1)</script>,Smith,qq1@mailinator.com,,"
    "prepaid,pm_hostile_0001,203.0.113.10,vpn,<img src=x onerror=alert(2)>,US\n"
    "\"H<1>&\"\"'\",2024-05-01T16:00:00Z,CX2,\"Dan \"\"the man\"\"\",O'Neil & Sons,"
    "qq2@trashmail.com,,prepaid,pm_hostile_0001,198.51.100.7,vpn,<img src=x onerror=alert(2)>,GB\n"
    "X-0003,2024-05-02T09:30:00Z,CX3,Maria,Lopez,ml88@temp-mail.org,,prepaid,pm_hostile_0001,"
    "192.0.2.33,proxy,<img src=x onerror=alert(2)>,ES\n"
    "X-0004,2024-05-02T21:10:00Z,CX4,Akira,Tanaka,at51@yopmail.com,,prepaid,pm_hostile_0001,"
    "203.0.113.77,vpn,<img src=x onerror=alert(2)>,JP\n"
    "X-0005,2024-05-03T08:05:00Z,CX5,Olga,Ivanova,oi20@maildrop.cc,,crypto,pm_hostile_0001,"
    "198.51.100.99,tor,<img src=x onerror=alert(2)>,RU\n"
    "X-0006,2024-05-04T12:45:00Z,CX6,Pierre,Martin,pm73@fakeinbox.com,,prepaid,pm_hostile_0001,"
    "192.0.2.200,vpn,<img src=x onerror=alert(2)>,FR\n";

static void setup(void)
{
    dir = tmp_dir_new();
    cr_assert_not_null(dir);
    cr_assert_eq(run_leasehound(dir, "gen --scenario default --leases 3000 --seed 7 --out log.csv"),
                 0);
    free(tmp_write_str(dir, "hostile.csv", hostile_csv));
}

static void teardown(void)
{
    tmp_remove_tree(dir);
    free(dir);
}

TestSuite(html, .init = setup, .fini = teardown, .timeout = 300);

static char *read_out(const char *name, size_t *len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, len);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

/* HTML-escapes s as the report does (& < > " '). */
static void html_escape(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o + 7 < cap; s++) {
        const char *r = *s == '&'    ? "&amp;"
                        : *s == '<'  ? "&lt;"
                        : *s == '>'  ? "&gt;"
                        : *s == '"'  ? "&quot;"
                        : *s == '\'' ? "&#39;"
                                     : NULL;
        if (r) {
            memcpy(out + o, r, strlen(r));
            o += strlen(r);
        } else {
            out[o++] = *s;
        }
    }
    out[o] = '\0';
}

/* The renter ids of renters.csv rows with flagged = 1, read with the library's CSV reader. */
static size_t flagged_ids(const char *out_dir, char ids[][128], size_t cap)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s/renters.csv", dir, out_dir);
    byte_source *src;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(byte_source_open(&src, path, &err), LH_OK, "%s", err.message);
    csv_limits lim = {CSV_DEFAULT_MAX_FIELD, 0};
    csv_reader *rd = csv_reader_new(src, &lim);
    csv_record rec;
    cr_assert_eq(csv_reader_next(rd, &rec, &err), 1);
    cr_assert_str_eq(rec.field[0], "renter_id");
    cr_assert_str_eq(rec.field[4], "flagged");
    csv_reader_set_width(rd, rec.n_fields);
    size_t n = 0;
    while (csv_reader_next(rd, &rec, &err) > 0) {
        cr_assert_eq(rec.reason, REJECT_NONE);
        if (strcmp(rec.field[4], "1") == 0 && n < cap)
            snprintf(ids[n++], 128, "%s", rec.field[0]);
    }
    csv_reader_free(rd);
    byte_source_close(src);
    return n;
}

/* The page without its timings element. */
static char *strip_timings(const char *page)
{
    const char *a = strstr(page, "<section id=\"timings\"");
    cr_assert_not_null(a, "a timings element");
    const char *b = strstr(a, "</section>");
    cr_assert_not_null(b);
    b += strlen("</section>");
    size_t n = strlen(page) - (size_t)(b - a);
    char *s = malloc(n + 1);
    memcpy(s, page, (size_t)(a - page));
    strcpy(s + (a - page), b);
    return s;
}

Test(html, is_self_contained_escaped_complete_and_deterministic)
{
    cr_assert_eq(run_leasehound(dir, "scan log.csv hostile.csv --out o --quiet"), 0);
    size_t len;
    char *page = read_out("o/report.html", &len);
    cr_assert_not_null(page, "scan writes report.html");
    cr_expect(len > 10000, "%zu bytes", len);
    cr_expect_eq(strlen(page), len, "no NUL byte in the page");
    cr_expect(strncmp(page, "<!DOCTYPE html>\n", 16) == 0);

    /* self-contained: nothing to fetch */
    cr_expect_eq(count(page, "http://"), 0);
    cr_expect_eq(count(page, "https://"), 0);
    cr_expect_eq(count(page, "src="), count(page, "&lt;img src="),
                 "no src attribute: the only src= is the escaped hostile device");
    cr_expect_eq(count(page, "<link"), 0);
    cr_expect_eq(count(page, "@import"), 0);
    cr_expect_eq(count(page, "url("), 0);
    cr_expect_eq(count(page, "<script"), 1, "one inline script");
    cr_expect_eq(count(page, "<script>"), 1, "without attributes");
    cr_expect_eq(count(page, "<img"), 0);
    cr_expect(strstr(page, "Content-Security-Policy\" content=\"default-src 'none';") != NULL);

    /* hostile values only escaped */
    cr_expect_eq(count(page, "<script>alert(1)</script>"), 0);
    cr_expect(count(page, "&lt;script&gt;alert(1)&lt;/script&gt; Smith") >= 1);
    cr_expect_eq(count(page, "\"the man\""), 0);
    cr_expect_eq(count(page, "O'Neil"), 0);
    cr_expect_eq(count(page, "& Sons"), 0);
    cr_expect(count(page, "Dan &quot;the man&quot; O&#39;Neil &amp; Sons") >= 1);
    cr_expect_eq(count(page, "H<1>"), 0);
    cr_expect(count(page, "H&lt;1&gt;&amp;&quot;&#39;") >= 2, "the lease id, in tables and graph");
    cr_expect_eq(count(page, "onerror=alert(2)>"), 0);
    cr_expect(count(page, "&lt;img src=x onerror=alert(2)&gt;") >= 1, "the shared device");

    /* every flagged renter, and the hostile actor among them */
    static char ids[4096][128];
    size_t n = flagged_ids("o", ids, 4096);
    cr_expect(n >= 2, "%zu flagged renters", n);
    int hostile = 0;
    for (size_t i = 0; i < n; i++) {
        char e[512], anchor[600];
        html_escape(ids[i], e, sizeof e);
        snprintf(anchor, sizeof anchor, "\">%s</a>", e);
        cr_expect(strstr(page, anchor) != NULL, "flagged renter %s is in the ranked table", ids[i]);
        hostile |= strcmp(ids[i], "R-X-0001") == 0;
    }
    cr_expect(hostile, "the hand-written actor is flagged");
    cr_expect(n <= 200 ? count(page, "<article class=\"renter\"") == n : 1,
              "one article per flagged renter");

    /* well-formed enough */
    cr_expect(count(page, "<svg ") > 2);
    cr_expect_eq(count(page, "<svg "), count(page, "</svg>"));
    cr_expect_eq(count(page, "<table"), count(page, "</table>"));
    cr_expect_eq(count(page, "<article"), count(page, "</article>"));
    cr_expect_eq(count(page, "<section"), count(page, "</section>"));
    cr_expect_eq(count(page, "<tr>"), count(page, "</tr>"));
    cr_expect_eq(count(page, "<g>") + count(page, "<g class"), count(page, "</g>"));
    cr_expect(strstr(page, "</body>\n</html>\n") != NULL);

    /* byte-identical apart from the timings */
    cr_assert_eq(run_leasehound(dir, "scan log.csv hostile.csv --out p --quiet"), 0);
    char *again = read_out("p/report.html", NULL);
    cr_expect_eq(count(page, "id=\"timings\""), 1);
    char *s1 = strip_timings(page), *s2 = strip_timings(again);
    cr_expect(strcmp(s1, s2) == 0, "two runs give the same page but for the timings");
    cr_expect_eq(count(s1, " s &middot;"), 0, "no timing outside the timings element");
    cr_expect_eq(count(s1, "before this page"), 0);
    free(s1);
    free(s2);
    free(again);
    free(page);
}

Test(html, pseudonymized_pages_hold_no_personal_value)
{
    free(tmp_write_str(dir, "key", "0123456789abcdef-secret-key\n"));
    cr_assert_eq(run_leasehound(dir, "scan log.csv hostile.csv --out o --quiet --pseudonymize key"),
                 0);
    char *page = read_out("o/report.html", NULL);
    cr_assert_not_null(page);
    cr_expect(strstr(page, "R-X-0001") != NULL, "lease and renter ids are not personal");
    static const char *const personal[] = {
        "alert(1)",           "the man",      "Smith", "Tanaka", "pm_hostile_0001", "onerror",
        "qq1@mailinator.com", "203.0.113.10", "CX4"};
    for (size_t i = 0; i < sizeof personal / sizeof *personal; i++)
        cr_expect(strstr(page, personal[i]) == NULL, "'%s' is pseudonymized", personal[i]);
    cr_expect(count(page, ">p_") > 10, "pseudonyms are shown");
    cr_expect(strstr(page, "personal values pseudonymized") != NULL);
    free(page);
}

/* report.html of a scan of csv (as t.csv, out to o/); the caller frees it. */
static char *page_of(const char *csv)
{
    free(tmp_write_str(dir, "t.csv", csv));
    cr_assert_eq(run_leasehound(dir, "scan t.csv --out o --quiet"), 0);
    char *page = read_out("o/report.html", NULL);
    cr_assert_not_null(page);
    return page;
}

Test(html, says_so_when_there_is_no_created_at)
{
    char *page = page_of("lease_id,email,payment_fp\nA,a@x.org,pm1\nB,b@y.org,pm1\n"
                         "C,c@z.org,pm2\n");
    cr_expect(strstr(page, "no created_at, so flags over time cannot be drawn") != NULL);
    cr_expect(strstr(page, "left out: no created_at column") != NULL);
    cr_expect_eq(count(page, "<svg "), count(page, "</svg>"));
    free(page);
}

/* Ten years of leases: one bar per 4 weeks, each bar the sum of its weeks' leases (counted by
 * week, then added up into bars). */
Test(html, bars_of_several_weeks_count_each_of_their_weeks)
{
    char *page = page_of("lease_id,created_at,email\n"
                         "A,2014-01-07T10:00:00Z,a@x.org\nB,2014-01-08T10:00:00Z,b@x.org\n"
                         "C,2014-01-09T10:00:00Z,c@x.org\nD,2014-01-21T10:00:00Z,d@x.org\n"
                         "E,2014-01-22T10:00:00Z,e@x.org\nF,2014-02-04T10:00:00Z,f@x.org\n"
                         "G,2024-01-02T10:00:00Z,g@x.org\nH,,h@x.org\n");
    cr_expect(strstr(page, "One bar per 4 weeks") != NULL);
    cr_expect(strstr(page, "weeks from 2014-01-06: 5 leases, 0 flagged") != NULL,
              "weeks 1 and 3 of the first bar");
    cr_expect(strstr(page, "weeks from 2014-02-03: 1 lease") != NULL);
    cr_expect(strstr(page, "weeks from 2023-12-25: 1 lease") != NULL, "the last bar");
    cr_expect(strstr(page, "1 leases without created_at are not drawn") != NULL ||
                  strstr(page, "1 lease without created_at") != NULL,
              "the lease without a time");
    free(page);
}

/* Headless Chromium (Debian's chromium), or NULL when absent. */
static const char *chromium(void)
{
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", names[i]);
        if (system(cmd) == 0)
            return names[i];
    }
    return NULL;
}

static int run_chromium(const char *browser, const char *what, const char *out)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p profile home && HOME='%s/home' timeout 180 %s --headless "
             "--no-sandbox --disable-gpu --disable-background-networking "
             "--disable-component-update --disable-sync --no-first-run "
             "--user-data-dir='%s/profile' --window-size=1280,2000 %s "
             "'file://%s/o/report.html' >%s 2>chromium.err",
             dir, dir, browser, dir, what, dir, out);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(html, renders_in_headless_chromium)
{
    const char *browser = chromium();
    if (browser == NULL) {
        cr_skip_test("chromium is not installed (apt-get install chromium): report.html not "
                     "rendered");
        return;
    }
    cr_assert_eq(run_leasehound(dir, "scan log.csv hostile.csv --out o --quiet"), 0);
    char shot[4200];
    snprintf(shot, sizeof shot, "--screenshot='%s/shot.png'", dir);
    cr_assert_eq(run_chromium(browser, shot, "/dev/null"), 0, "chromium --screenshot");
    size_t len = 0;
    char *png = read_out("shot.png", &len);
    cr_assert_not_null(png, "a screenshot was written");
    cr_expect(len >= 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0, "a PNG");
    /* a blank 1280x2000 page compresses to under 10 kB; the report's top is far richer */
    cr_expect(len > 60000, "screenshot of %zu bytes", len);
    free(png);

    cr_assert_eq(run_chromium(browser, "--dump-dom", "dom.html"), 0, "chromium --dump-dom");
    char *dom = read_out("dom.html", NULL);
    cr_assert_not_null(dom);
    cr_expect(strstr(dom, "class=\"sortable js\"") != NULL,
              "the sorting script ran under the page's Content Security Policy");
    static char ids[4096][128];
    size_t n = flagged_ids("o", ids, 4096);
    cr_expect(n >= 2);
    for (size_t i = 0; i < n; i++)
        cr_expect(strstr(dom, ids[i]) != NULL, "the DOM holds flagged renter %s", ids[i]);
    cr_expect(strstr(dom, "<script>alert(1)</script>") == NULL);
    free(dom);
}
