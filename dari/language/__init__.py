"""Korean analysis: morphology (Kiwi, fenced in ``morphology``), grammar glosses, romanization,
word lookups and numbers with Korean units.

Only ``morphology`` imports kiwipiepy and only ``romanize`` imports ko-pron; importing the
package loads neither.
"""
