"""``xbrl-gen convert``: one report into the forms its consumers read.

The source (an instance, Inline XBRL 1.0/1.1 of one or several documents, a report package,
xBRL-JSON/CSV) is read by Arelle (offline, with the taxonomy packages given, ``loading``) after
``formats.detect`` has decided from its content what it is; each target is then written from
Arelle's model (``pipeline.convert``), with the report's local taxonomy files beside it:

- xbrl: from Inline XBRL, the ``inlineXbrlDocumentSet`` plugin's target-instance extraction;
  from xBRL-JSON/CSV, the instance Arelle's OIM loader built (``writers``);
- ixbrl: the report laid out by its presentation linkbase through ``build``'s template (``ixbrl``);
- json, csv: the ``saveLoadableOIM`` plugin (``writers``);
- package: an XBRL Report Package, .xbri, .xbr or .zip (``package``);
- facts: one CSV row per fact (``table``).

A report whose taxonomy cannot be found offline is read without it (Arelle's ``skipDTS``); facts,
json and csv are then written from the facts as stated (``table``, ``bare``), unvalidated.

Everything is made in memory (or in a scratch folder) and moved into place only when complete,
so a failure leaves no output behind.
"""
