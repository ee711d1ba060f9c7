/*
 * cl_limits.h — every limit clauselint enforces on its input, in one place.
 * Each, when reached, gives a per-file error (CL_ELIMIT) naming the limit; the README's
 * "Limits" section lists them and how to raise them (rebuild with -DCL_MAX_...=N).
 */
#ifndef CL_CL_LIMITS_H
#define CL_CL_LIMITS_H

/* Bytes of one input file as read from disk. */
#ifndef CL_MAX_INPUT_BYTES
#define CL_MAX_INPUT_BYTES (256u * 1024u * 1024u)
#endif
/* Bytes of decoded UTF-8 text of one document (after conversion / extraction). */
#ifndef CL_MAX_TEXT_BYTES
#define CL_MAX_TEXT_BYTES (128u * 1024u * 1024u)
#endif
/* Uncompressed bytes of one zip entry, and of all entries read from one file. */
#ifndef CL_MAX_ZIP_ENTRY_BYTES
#define CL_MAX_ZIP_ENTRY_BYTES (256u * 1024u * 1024u)
#endif
#ifndef CL_MAX_ZIP_TOTAL_BYTES
#define CL_MAX_ZIP_TOTAL_BYTES (512u * 1024u * 1024u)
#endif
/* Uncompressed / compressed ratio above which a zip entry is treated as a bomb. */
#ifndef CL_MAX_ZIP_RATIO
#define CL_MAX_ZIP_RATIO 200u
#endif
/* Numbering definitions (abstractNum, num, level) read from one Word numbering.xml. */
#ifndef CL_MAX_WORD_NUMBERING_DEFS
#define CL_MAX_WORD_NUMBERING_DEFS 65536u
#endif
/* Nesting depth of XML / HTML elements. */
#ifndef CL_MAX_XML_DEPTH
#define CL_MAX_XML_DEPTH 256u
#endif
/* Bytes of one line: longer lines are cut into sentences of at most this length. */
#ifndef CL_MAX_SENTENCE_BYTES
#define CL_MAX_SENTENCE_BYTES (16u * 1024u)
#endif
/* Sentences in one document. */
#ifndef CL_MAX_SENTENCES
#define CL_MAX_SENTENCES 4000000u
#endif
/* PCRE2 limits for one match (backtracking steps, and depth). */
#ifndef CL_PCRE2_MATCH_LIMIT
#define CL_PCRE2_MATCH_LIMIT 1000000u
#endif
#ifndef CL_PCRE2_DEPTH_LIMIT
#define CL_PCRE2_DEPTH_LIMIT 10000u
#endif
/* Normalised text from which a document is matched on two threads (not a limit: a tuning). */
#ifndef CL_PARALLEL_MIN_BYTES
#define CL_PARALLEL_MIN_BYTES (256u * 1024u)
#endif
/* Bytes of a rule-pack file. */
#ifndef CL_MAX_PACK_BYTES
#define CL_MAX_PACK_BYTES (4u * 1024u * 1024u)
#endif

#endif
