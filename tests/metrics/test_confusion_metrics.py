"""Precision, Recall and AUC vs hand counts and an independent NumPy AUC."""

import numpy as np
import pytest

from kitlib.metrics import AUC, Precision, Recall

RNG = np.random.default_rng(12)
Y_TRUE = (RNG.random(60) > 0.4).astype("float32")
# Scores that lean towards the label, so the AUC is well above 0.5.
Y_PRED = np.clip(0.35 * Y_TRUE + 0.65 * RNG.random(60), 0, 1).astype("float32")
WEIGHTS = RNG.random(60)


def feed(metric, y_true=Y_TRUE, y_pred=Y_PRED, weights=None):
    for batch in np.array_split(np.arange(len(y_true)), [13, 40]):
        w = None if weights is None else weights[batch]
        metric.update_state(y_true[batch], y_pred[batch], sample_weight=w)
    return metric.result()


def reference_roc_auc(y_true, y_pred, num_thresholds=200, weights=None):
    """Trapezoids between Keras's thresholds, written from the definitions."""
    weights = np.ones_like(y_true) if weights is None else weights
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    tpr, fpr = [], []
    for t in [-1e-7, *inner, 1 + 1e-7]:
        flagged = y_pred > t
        tp = (weights * (flagged & (y_true == 1))).sum()
        fp = (weights * (flagged & (y_true == 0))).sum()
        tpr.append(tp / (weights * (y_true == 1)).sum())
        fpr.append(fp / (weights * (y_true == 0)).sum())
    tpr, fpr = np.array(tpr), np.array(fpr)
    return np.sum((fpr[:-1] - fpr[1:]) * (tpr[:-1] + tpr[1:]) / 2)


def test_precision_and_recall_match_hand_counts():
    flagged = Y_PRED > 0.5
    tp = (flagged & (Y_TRUE == 1)).sum()
    fp = (flagged & (Y_TRUE == 0)).sum()
    fn = (~flagged & (Y_TRUE == 1)).sum()
    assert float(feed(Precision())) == pytest.approx(tp / (tp + fp))
    assert float(feed(Recall())) == pytest.approx(tp / (tp + fn))


def test_precision_with_sample_weights_and_several_thresholds():
    metric = Precision(thresholds=[0.3, 0.7])
    result = feed(metric, weights=WEIGHTS)
    for value, threshold in zip(result, [0.3, 0.7], strict=True):
        flagged = Y_PRED > threshold
        tp = (WEIGHTS * (flagged & (Y_TRUE == 1))).sum()
        fp = (WEIGHTS * (flagged & (Y_TRUE == 0))).sum()
        assert value == pytest.approx(tp / (tp + fp), rel=1e-5)


def test_recall_class_id_and_top_k_on_multi_class_outputs():
    y_true = np.array([[0, 1, 0], [0, 0, 1], [0, 1, 0]])
    y_pred = np.array([[0.1, 0.6, 0.3], [0.5, 0.3, 0.2], [0.2, 0.45, 0.35]])
    assert float(Recall(class_id=1)(y_true, y_pred)) == pytest.approx(0.5)
    # top_k=1: only the highest score of each row counts as flagged
    assert float(Recall(top_k=1)(y_true, y_pred)) == pytest.approx(2 / 3)


def test_precision_is_zero_before_any_positive_prediction():
    assert float(Precision()([1, 1], [0.1, 0.2])) == 0.0


def test_confusion_metrics_reject_logits_with_a_hint():
    with pytest.raises(ValueError, match="predictions in \\[0, 1\\]") as error:
        Precision().update_state([0, 1], [-2.0, 3.0])
    assert "sigmoid" in str(error.value)


def test_auc_roc_matches_reference_with_and_without_weights():
    assert float(feed(AUC())) == pytest.approx(
        reference_roc_auc(Y_TRUE, Y_PRED), abs=1e-6
    )
    weighted = reference_roc_auc(Y_TRUE, Y_PRED, weights=WEIGHTS)
    assert float(feed(AUC(), weights=WEIGHTS)) == pytest.approx(weighted, abs=1e-6)


def test_auc_is_close_to_the_rank_statistic():
    positives, negatives = Y_PRED[Y_TRUE == 1], Y_PRED[Y_TRUE == 0]
    pairs = (positives[:, None] > negatives[None, :]).mean()
    ties = (positives[:, None] == negatives[None, :]).mean()
    assert float(feed(AUC(num_thresholds=1000))) == pytest.approx(
        pairs + ties / 2, abs=0.01
    )


def test_auc_perfect_and_from_logits():
    assert float(AUC()([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])) == pytest.approx(1.0)
    logits = np.array([-3.0, -1.0, 2.0, 4.0])
    assert float(AUC(from_logits=True)([0, 0, 1, 1], logits)) == pytest.approx(1.0)


def test_auc_pr_interpolation_on_a_tiny_case():
    # Thresholds -eps, 0.5, 1+eps. At 0.5 one prediction (0.9, a positive) is
    # flagged, so the interpolated area is 1/2 (first half of recall at
    # precision 1) plus the interpolation down to precision 1/2.
    metric = AUC(num_thresholds=3, curve="PR")
    value = float(metric([0, 1, 0, 1], [0.2, 0.9, 0.4, 0.3]))
    p = np.array([4.0, 1.0])  # predicted positives at -eps and 0.5
    tp = np.array([2.0, 1.0])
    slope = (tp[0] - tp[1]) / (p[0] - p[1])
    intercept = tp[1] - slope * p[1]
    first = slope * ((tp[0] - tp[1]) + intercept * np.log(p[0] / p[1])) / 2
    second = 1.0 * (1.0 - 0.0) / 2  # from 0.5 to 1+eps: P_B = 0, constant precision
    assert value == pytest.approx(first + second, abs=1e-6)


def test_auc_argument_checks_and_config_round_trip():
    with pytest.raises(ValueError, match="num_thresholds > 1"):
        AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="curve 'ROC' or 'PR'"):
        AUC(curve="DET")
    metric = AUC(thresholds=[0.7, 0.2], curve="pr", summation_method="majoring")
    assert metric.thresholds == [-1e-7, 0.2, 0.7, 1 + 1e-7]
    clone = AUC.from_config(metric.get_config())
    assert clone.get_config() == metric.get_config()
