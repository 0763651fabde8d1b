"""One local text model of the vault (TF-IDF): similar papers, For you, the daily brief.

Nothing here reaches the network or downloads a model: the vectors are made
from the vault's own titles, tags, keywords and summaries.
"""

from papertui.vault.similar.foryou import MIN_LIKED, ForYou, liked_keys, recommend
from papertui.vault.similar.similarity import Similarity, similar_path

__all__ = ["MIN_LIKED", "ForYou", "Similarity", "liked_keys", "recommend", "similar_path"]
