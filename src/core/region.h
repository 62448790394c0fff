/*
 * This file declares the administrative division codes (GB/T 2260) that decide which regions
 * belong to a bureau's jurisdiction. The table is data (data/regions.csv, embedded at build time):
 * new codes are added there, not in code.
 */
#ifndef SUIJI_REGION_H
#define SUIJI_REGION_H

struct region {
	char code[7];
	char parent[7]; /* "" for a province */
	const char *name;
};

/* The region with this 6-digit code, or NULL when the table does not know it. */
const struct region *region_find(const char *code);
/* 1 for a province, 2 for a prefecture-level city, 3 for a county-level unit; 0 when unknown. */
int region_level(const char *code);
/* 1 when "code" is "jurisdiction" itself or lies below it in the table. */
int region_within(const char *jurisdiction, const char *code);
/* Calls fn for every known code directly or indirectly below "jurisdiction", in table order. */
void region_each_below(const char *jurisdiction, void (*fn)(const struct region *r, void *arg), void *arg);

#endif
