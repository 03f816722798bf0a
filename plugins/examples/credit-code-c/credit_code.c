/*
 * field.validate in C: the 18-character unified social credit code
 * (统一社会信用代码, GB 32100-2015) that every Chinese company has, with its
 * check character.
 *
 * A WASI command for the host's compatibility mode: the input JSON arrives on
 * stdin, the output JSON leaves on stdout, stderr is the log and argv[1] names
 * the hook. Build: clang --target=wasm32-wasi -O2 -o credit_code.wasm credit_code.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT (1 << 20)

static const char ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int WEIGHTS[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* ---- a small JSON scanner: enough to find a top-level string member ---- */

static const char *skip_ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

/* Skips a string starting at its opening quote; returns the position after
 * the closing quote, or NULL if malformed. */
static const char *skip_string(const char *p, const char *end) {
    if (p >= end || *p != '"') return NULL;
    for (p++; p < end; p++) {
        if (*p == '\\') { p++; continue; }
        if (*p == '"') return p + 1;
    }
    return NULL;
}

/* Skips any JSON value; returns the position after it, or NULL. */
static const char *skip_value(const char *p, const char *end) {
    p = skip_ws(p, end);
    if (p >= end) return NULL;
    if (*p == '"') return skip_string(p, end);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < end) {
            if (*p == '"') { p = skip_string(p, end); if (!p) return NULL; continue; }
            if (*p == '{' || *p == '[') depth++;
            if (*p == '}' || *p == ']') { depth--; if (depth == 0) return p + 1; }
            p++;
        }
        return NULL;
    }
    /* number, true, false, null */
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') p++;
    return p;
}

/* Finds the top-level member `key`; returns the start of its value or NULL. */
static const char *find_member(const char *p, const char *end, const char *key) {
    size_t key_len = strlen(key);
    p = skip_ws(p, end);
    if (p >= end || *p != '{') return NULL;
    p++;
    for (;;) {
        p = skip_ws(p, end);
        if (p >= end || *p == '}') return NULL;
        const char *name = p;
        p = skip_string(p, end);
        if (!p) return NULL;
        int match = (size_t)(p - name) == key_len + 2 && memcmp(name + 1, key, key_len) == 0;
        p = skip_ws(p, end);
        if (p >= end || *p != ':') return NULL;
        p = skip_ws(p + 1, end);
        if (match) return p;
        p = skip_value(p, end);
        if (!p) return NULL;
        p = skip_ws(p, end);
        if (p < end && *p == ',') p++;
    }
}

/* ---- the check ---- */

static int char_value(char c) {
    const char *at = strchr(ALPHABET, c);
    return (c != '\0' && at) ? (int)(at - ALPHABET) : -1;
}

/* Returns NULL when valid, else a message for the user. */
static const char *check_code(const char *code, size_t len) {
    if (len != 18) return "统一社会信用代码应为 18 位";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = char_value(code[i]);
        if (v < 0) return "统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）";
        sum += v * WEIGHTS[i];
    }
    int check = 31 - sum % 31;
    if (check == 31) check = 0;
    if (char_value(code[17]) != check) return "统一社会信用代码校验位不正确";
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "field.validate") != 0) {
        fprintf(stderr, "error: this plugin implements field.validate only\n");
        return 64;
    }
    char *input = malloc(MAX_INPUT);
    if (!input) return 70;
    size_t n = fread(input, 1, MAX_INPUT, stdin);
    const char *end = input + n;

    const char *value = find_member(input, end, "value");
    if (!value) {
        fprintf(stderr, "error: the input has no \"value\"\n");
        return 65;
    }
    if (value + 4 <= end && memcmp(value, "null", 4) == 0) {
        /* Emptiness is the field's `required` flag's business. */
        fputs("{\"valid\":true}", stdout);
        return 0;
    }
    if (*value != '"') {
        fputs("{\"valid\":false,\"message\":\"统一社会信用代码应为文本\"}", stdout);
        return 0;
    }
    /* Upper-case, dropping spaces; escapes never occur in a valid code. */
    char code[32];
    size_t len = 0;
    for (const char *p = value + 1; p < end && *p != '"'; p++) {
        char c = *p;
        if (c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (len < sizeof code - 1) code[len] = c;
        len++;
    }
    code[len < sizeof code ? len : sizeof code - 1] = '\0';
    const char *problem = check_code(code, len);
    if (problem) {
        printf("{\"valid\":false,\"message\":\"%s\"}", problem);
    } else {
        fprintf(stderr, "checked %s\n", code);
        fputs("{\"valid\":true}", stdout);
    }
    return 0;
}
