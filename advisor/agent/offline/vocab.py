"""Word lists the offline planner reads questions with.

``COMMON_WORDS`` are words that also happen to be (parts of) model names in the catalog
("chat", "free", "auto", "small", "router", "compound", …). A span made only of such words and
numbers is never taken for a model name; a real mention has at least one distinctive token
(``gemma``, ``qwen3.5``, ``sonar``) or a version number next to a brand.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


BRANDS = word_set("""
claude gemini gpt llama qwen mistral deepseek grok kimi gemma phi glm minimax mixtral
command nova jamba yi doubao hunyuan ernie o1 o3 o4 chatgpt sonar codestral devstral
magistral pixtral nemotron granite olmo falcon starcoder codellama qwq qvq seed
""")

COMMON_WORDS = word_set("""
a an the and or but if then than so of in on at to for from by with without within about
into onto over under above below between across per via vs versus is are was were be been
being am do does did done doing have has had having can could should would will shall may
might must need needs needed want wants wanted i me my mine we us our you your it its they
them their this that these those which what who whom whose when where why how there here
all any some each every both either neither no not only also just very more most less least
much many few lot lots one ones other another same such own new old best better good great
bad worse worst cheap cheaper cheapest expensive pricey fast faster fastest slow slower small
smaller smallest large larger largest big bigger biggest tiny micro mini nano medium max
maximum min minimum pro plus lite light ultra turbo flash premium basic standard simple
model models llm llms ai chat chatbot bot assistant agent agents agentic code coder coding
codex text image images vision video audio voice speech music tts realtime real time long
short doc docs document documents search research deep answer answers web study mode edit
imagine detection detector active speaker synthetic character creative roleplay role play
translate translation summarizer summary universal reasoning reasoner thinking think preview
beta alpha experimental latest stable free auto router route routes custom compound balanced
frontier prime brave runway weaver spotlight uncensored abliterated chroma embed embedding
embeddings reranker base instruct it chat-latest zero shot zeroshot quality math edge dev
open source weights weight local locally self host hosted hosting hosts run running runs use
using used usage tokens token input inputs output outputs prompt prompts request requests
call calls day days daily month months monthly week weekly year yearly hour hours minute
budget cost costs price prices pricing spend spending pay paying bill billing dollar dollars
usd context window length limit limits capability capabilities feature features support
supports supported compare comparison difference differences diff side table list show tell
give explain recommend recommendation suggest pick choose option options alternative
alternatives gpu gpus vram ram memory card cards laptop desktop server servers machine
license licence licensed apache mit commercial please thanks thank hi hello hey okay ok yes
like need want work works working job task tasks team company users user customer customers
support ticket tickets email emails question questions query queries message messages
conversation conversations chats japanese english german french spanish chinese korean
arabic multilingual language languages again instead too also still now really actually
right wrong first second third last next previous top bottom ranking rank ranked score
scores benchmark benchmarks fit fits fitting enough handle handles handling well x times
double twice triple half traffic volume load scale cheaper-than image-to-text text-to-image
function functions tool tools calling structured json schema pdf pdfs file files attachment
attachments multimodal modal modality modalities generation generate generating mode
""")

LANGUAGES = {
    "english": "English", "chinese": "Chinese", "mandarin": "Chinese", "japanese": "Japanese",
    "korean": "Korean", "german": "German", "french": "French", "spanish": "Spanish",
    "portuguese": "Portuguese", "italian": "Italian", "dutch": "Dutch", "russian": "Russian",
    "arabic": "Arabic", "hindi": "Hindi", "turkish": "Turkish", "vietnamese": "Vietnamese",
    "thai": "Thai", "indonesian": "Indonesian", "polish": "Polish", "swedish": "Swedish",
    "ukrainian": "Ukrainian", "hebrew": "Hebrew", "greek": "Greek", "czech": "Czech",
    "bengali": "Bengali", "urdu": "Urdu", "persian": "Persian", "farsi": "Persian",
    "finnish": "Finnish", "danish": "Danish", "norwegian": "Norwegian", "malay": "Malay",
    "tagalog": "Tagalog", "swahili": "Swahili", "romanian": "Romanian",
    "hungarian": "Hungarian",
}

# Words that are never (the distinctive part of) a model name, beyond COMMON_WORDS: function
# words, the nouns questions about models use, makers, licences, hardware, runtimes and dates.
# A capitalised or slot-placed span made only of these is not read as an unknown model.
NOT_MODEL_WORDS = word_set("""
about above across after afterwards again against although among amongst anyone anything
anyway anywhere approx approximately around as because before behind beside besides beyond
cannot currently despite down during else especially even ever except exactly far further
hence however indeed its itself later lately likely maybe meanwhile mostly near nearly never
nobody none nor nothing often once otherwise out overall perhaps probably quite rather really
roughly since somehow someone something sometimes somewhat soon though thus together toward
towards unless unlike until up upon usually whatever whenever whether while whole yet let lets
what's whats s t ll ve re d m don doesn isn aren won wouldn couldn shouldn didn
api apis sdk endpoint endpoints cloud serverless cluster node nodes instance instances
latency throughput speed performance accuracy sizes parameter parameters param params vram
disk storage bandwidth electricity power compute inference training pretraining finetuning
fine-tuning fine tuning tuning distillation quantization quantisation pruning caching cache
batching batch streaming rag lora qlora peft rlhf dpo sft moe dense sparse transformer
attention kv tokenizer tokenization vocabulary vocab plan plans tier tiers level levels
version versions release releases update updates gen family families series provider
providers vendor vendors company companies subscription subscriptions licenses licences seat
seats plugin plugins extension extensions app apps website site page pages chapter section
step steps phase stage part item items type types kind kinds class number numbers figure
figures total average median others before after usual normal expected today tomorrow
openai anthropic google deepmind meta microsoft amazon aws azure gcp vertex bedrock alibaba
baidu tencent bytedance nvidia amd intel apple xai ibm cohere huggingface hugging face github
mistralai moonshot zhipu
apache bsd gpl agpl lgpl mpl cc creative commons openrail rail proprietary permissive
rtx gtx radeon geforce quadro tesla mac macs macbook imac iphone ipad pixel android windows
linux ubuntu raspberry pi jetson cpu cpus tpu tpus npu
python javascript typescript java rust golang excel sheets spreadsheet spreadsheets docker
kubernetes vllm ollama llamacpp lmstudio tgi sglang pytorch tensorflow langchain langgraph
cursor copilot slack discord notion zapier
enterprise business businesses education personal startup startups student students nonprofit
academic production prod staging hobby hobbyist individual individuals developer developers
newest oldest recent current upcoming strongest smartest typical popular famous silicon
myself yourself ourselves themselves himself herself yourselves someone's
non pre post multi sub semi co
sending send sends asking ask asks running making using doing writing reading processing
handling serving generating growing grow grows scaling adding add adds each every around
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""")

# Nouns after which "of"/"for" introduces the model asked about ("context window of X").
SPEC_NOUNS = word_set("""window length output specs spec specifications parameters params price
prices pricing cost costs size modalities details benchmarks benchmark scores licence license
cutoff date info information""")
